import demo_pkg
demo_pkg.loaded.append(__name__)
value = 42
