//! Layout checker (see tests/).
