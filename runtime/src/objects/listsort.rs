/// Timsort as CPython 3.11's listsort: natural runs (strictly descending ones reversed),
/// binary insertion up to minrun, the "powersort" merge policy, galloping merges with an
/// adaptive threshold. Only `<` is used, so the comparisons made match CPython's; an error
/// from the comparison stops the sort with every element still present exactly once.
pub mod timsort {
    const MIN_GALLOP: isize = 7;

    type Lt<'a, T, E> = &'a mut dyn FnMut(&T, &T) -> Result<bool, E>;

    #[derive(Clone, Copy)]
    struct Run {
        base: usize,
        len: usize,
        power: u32,
    }

    /// How a merge loop ended (CPython's labels).
    enum Exit {
        Succeed,
        CopyRest,
    }

    /// Sorts `v` stably by `lt`; on `Err` the slice is a permutation of its input.
    pub fn sort<T: Copy, E>(v: &mut [T], lt: Lt<'_, T, E>) -> Result<(), E> {
        let n = v.len();
        if n < 2 {
            return Ok(());
        }
        let mut pending: Vec<Run> = Vec::with_capacity(85);
        let mut min_gallop = MIN_GALLOP;
        let mut tmp: Vec<T> = Vec::new();
        let minrun = compute_minrun(n);
        let mut lo = 0;
        let mut remaining = n;
        while remaining > 0 {
            let (mut run, descending) = count_run(v, lo, lo + remaining, lt)?;
            if descending {
                v[lo..lo + run].reverse();
            }
            if run < minrun {
                let force = remaining.min(minrun);
                binarysort(v, lo, lo + force, lo + run, lt)?;
                run = force;
            }
            // found_new_run: merge while the run below is deeper than the new boundary.
            if let Some(top) = pending.last().copied() {
                let power = powerloop(top.base, top.len, run, n);
                while pending.len() > 1 && pending[pending.len() - 2].power > power {
                    let i = pending.len() - 2;
                    merge_at(v, &mut pending, i, lt, &mut min_gallop, &mut tmp)?;
                }
                let last = pending.len() - 1;
                pending[last].power = power;
            }
            pending.push(Run { base: lo, len: run, power: 0 });
            lo += run;
            remaining -= run;
        }
        // merge_force_collapse
        while pending.len() > 1 {
            let mut i = pending.len() - 2;
            if i > 0 && pending[i - 1].len < pending[i + 1].len {
                i -= 1;
            }
            merge_at(v, &mut pending, i, lt, &mut min_gallop, &mut tmp)?;
        }
        Ok(())
    }

    /// `merge_compute_minrun`.
    pub fn compute_minrun(mut n: usize) -> usize {
        let mut r = 0;
        while n >= 64 {
            r |= n & 1;
            n >>= 1;
        }
        n + r
    }

    /// `powerloop`: the depth of the boundary between two adjacent runs.
    fn powerloop(s1: usize, n1: usize, n2: usize, n: usize) -> u32 {
        let mut result = 0;
        let mut a = 2 * s1 + n1;
        let mut b = a + n1 + n2;
        loop {
            result += 1;
            if a >= n {
                a -= n;
                b -= n;
            } else if b >= n {
                break;
            }
            a <<= 1;
            b <<= 1;
        }
        result
    }

    /// `binarysort`: extends the sorted prefix `v[lo..start)` to `v[lo..hi)`.
    fn binarysort<T: Copy, E>(v: &mut [T], lo: usize, hi: usize, mut start: usize, lt: Lt<'_, T, E>) -> Result<(), E> {
        if lo == start {
            start += 1;
        }
        while start < hi {
            let pivot = v[start];
            let (mut l, mut r) = (lo, start);
            loop {
                let p = l + ((r - l) >> 1);
                if lt(&pivot, &v[p])? {
                    r = p;
                } else {
                    l = p + 1;
                }
                if l >= r {
                    break;
                }
            }
            v.copy_within(l..start, l + 1);
            v[l] = pivot;
            start += 1;
        }
        Ok(())
    }

    /// `count_run`: the length of the run at `lo` and whether it is strictly descending.
    fn count_run<T: Copy, E>(v: &[T], lo: usize, hi: usize, lt: Lt<'_, T, E>) -> Result<(usize, bool), E> {
        let mut i = lo + 1;
        if i == hi {
            return Ok((1, false));
        }
        let mut n = 2;
        let descending = lt(&v[i], &v[i - 1])?;
        i += 1;
        while i < hi {
            let less = lt(&v[i], &v[i - 1])?;
            if less != descending {
                break;
            }
            i += 1;
            n += 1;
        }
        Ok((n, descending))
    }

    /// `gallop_left`: the k in 0..=n with `a[k-1] < key <= a[k]`, searching from `hint`.
    fn gallop_left<T: Copy, E>(key: &T, a: &[T], hint: usize, lt: Lt<'_, T, E>) -> Result<usize, E> {
        let n = a.len() as isize;
        let hint = hint as isize;
        let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
        if lt(&a[hint as usize], key)? {
            let maxofs = n - hint;
            while ofs < maxofs {
                if lt(&a[(hint + ofs) as usize], key)? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            lastofs += hint;
            ofs += hint;
        } else {
            let maxofs = hint + 1;
            while ofs < maxofs {
                if lt(&a[(hint - ofs) as usize], key)? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint - ofs;
            ofs = hint - k;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if lt(&a[m as usize], key)? {
                lastofs = m + 1;
            } else {
                ofs = m;
            }
        }
        Ok(ofs as usize)
    }

    /// `gallop_right`: the k in 0..=n with `a[k-1] <= key < a[k]`, searching from `hint`.
    fn gallop_right<T: Copy, E>(key: &T, a: &[T], hint: usize, lt: Lt<'_, T, E>) -> Result<usize, E> {
        let n = a.len() as isize;
        let hint = hint as isize;
        let (mut lastofs, mut ofs): (isize, isize) = (0, 1);
        if lt(key, &a[hint as usize])? {
            let maxofs = hint + 1;
            while ofs < maxofs {
                if lt(key, &a[(hint - ofs) as usize])? {
                    lastofs = ofs;
                    ofs = (ofs << 1) + 1;
                } else {
                    break;
                }
            }
            ofs = ofs.min(maxofs);
            let k = lastofs;
            lastofs = hint - ofs;
            ofs = hint - k;
        } else {
            let maxofs = n - hint;
            while ofs < maxofs {
                if lt(key, &a[(hint + ofs) as usize])? {
                    break;
                }
                lastofs = ofs;
                ofs = (ofs << 1) + 1;
            }
            ofs = ofs.min(maxofs);
            lastofs += hint;
            ofs += hint;
        }
        lastofs += 1;
        while lastofs < ofs {
            let m = lastofs + ((ofs - lastofs) >> 1);
            if lt(key, &a[m as usize])? {
                ofs = m;
            } else {
                lastofs = m + 1;
            }
        }
        Ok(ofs as usize)
    }

    /// `merge_at`: merges pending runs `i` and `i + 1`.
    fn merge_at<T: Copy, E>(
        v: &mut [T],
        pending: &mut Vec<Run>,
        i: usize,
        lt: Lt<'_, T, E>,
        min_gallop: &mut isize,
        tmp: &mut Vec<T>,
    ) -> Result<(), E> {
        let (mut pa, mut na) = (pending[i].base, pending[i].len);
        let (pb, nb) = (pending[i + 1].base, pending[i + 1].len);
        pending[i].len = na + nb;
        pending.remove(i + 1);
        // Elements of a already in place before b's first element.
        let k = gallop_right(&v[pb], &v[pa..pa + na], 0, lt)?;
        pa += k;
        na -= k;
        if na == 0 {
            return Ok(());
        }
        // Elements of b already in place after a's last element.
        let nb = gallop_left(&v[pa + na - 1], &v[pb..pb + nb], nb - 1, lt)?;
        if nb == 0 {
            return Ok(());
        }
        if na <= nb {
            merge_lo(v, pa, na, nb, lt, min_gallop, tmp)
        } else {
            merge_hi(v, pa, na, nb, lt, min_gallop, tmp)
        }
    }

    /// `merge_lo`: merges `v[pa..pa+na]` with the following `nb` elements (`na <= nb`),
    /// with run a copied to `tmp`.
    fn merge_lo<T: Copy, E>(
        v: &mut [T],
        pa: usize,
        mut na: usize,
        mut nb: usize,
        lt: Lt<'_, T, E>,
        min_gallop_state: &mut isize,
        tmp: &mut Vec<T>,
    ) -> Result<(), E> {
        tmp.clear();
        tmp.extend_from_slice(&v[pa..pa + na]);
        let mut a = 0usize; // in tmp
        let mut b = pa + na; // in v
        let mut dest = pa;
        let outcome: Result<Exit, E> = (|| {
            v[dest] = v[b];
            dest += 1;
            b += 1;
            nb -= 1;
            if nb == 0 {
                return Ok(Exit::Succeed);
            }
            if na == 1 {
                return Ok(Exit::CopyRest);
            }
            let mut min_gallop = *min_gallop_state;
            loop {
                let mut acount: isize = 0;
                let mut bcount: isize = 0;
                loop {
                    if lt(&v[b], &tmp[a])? {
                        v[dest] = v[b];
                        dest += 1;
                        b += 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 0 {
                            return Ok(Exit::Succeed);
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    } else {
                        v[dest] = tmp[a];
                        dest += 1;
                        a += 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 1 {
                            return Ok(Exit::CopyRest);
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as isize;
                    *min_gallop_state = min_gallop;
                    let k = gallop_right(&v[b], &tmp[a..a + na], 0, lt)?;
                    acount = k as isize;
                    if k > 0 {
                        v[dest..dest + k].copy_from_slice(&tmp[a..a + k]);
                        dest += k;
                        a += k;
                        na -= k;
                        if na == 1 {
                            return Ok(Exit::CopyRest);
                        }
                        if na == 0 {
                            return Ok(Exit::Succeed);
                        }
                    }
                    v[dest] = v[b];
                    dest += 1;
                    b += 1;
                    nb -= 1;
                    if nb == 0 {
                        return Ok(Exit::Succeed);
                    }
                    let k = gallop_left(&tmp[a], &v[b..b + nb], 0, lt)?;
                    bcount = k as isize;
                    if k > 0 {
                        v.copy_within(b..b + k, dest);
                        dest += k;
                        b += k;
                        nb -= k;
                        if nb == 0 {
                            return Ok(Exit::Succeed);
                        }
                    }
                    v[dest] = tmp[a];
                    dest += 1;
                    a += 1;
                    na -= 1;
                    if na == 1 {
                        return Ok(Exit::CopyRest);
                    }
                    if !(acount >= MIN_GALLOP || bcount >= MIN_GALLOP) {
                        break;
                    }
                }
                min_gallop += 1;
                *min_gallop_state = min_gallop;
            }
        })();
        match outcome {
            Ok(Exit::CopyRest) => {
                // The last element of a belongs at the end of the merge.
                v.copy_within(b..b + nb, dest);
                v[dest + nb] = tmp[a];
                Ok(())
            }
            Ok(Exit::Succeed) => {
                v[dest..dest + na].copy_from_slice(&tmp[a..a + na]);
                Ok(())
            }
            Err(e) => {
                v[dest..dest + na].copy_from_slice(&tmp[a..a + na]);
                Err(e)
            }
        }
    }

    /// `merge_hi`: merges `v[pa..pa+na]` with the following `nb` elements (`na >= nb`),
    /// from the right, with run b copied to `tmp`.
    fn merge_hi<T: Copy, E>(
        v: &mut [T],
        pa: usize,
        mut na: usize,
        mut nb: usize,
        lt: Lt<'_, T, E>,
        min_gallop_state: &mut isize,
        tmp: &mut Vec<T>,
    ) -> Result<(), E> {
        let pb = pa + na;
        tmp.clear();
        tmp.extend_from_slice(&v[pb..pb + nb]);
        // Positions are of the *last* element of each part (as isize: they may pass below 0).
        let mut dest: isize = (pb + nb - 1) as isize;
        let mut a: isize = (pa + na - 1) as isize; // in v
        let mut b: isize = nb as isize - 1; // in tmp
        let basea = pa as isize;
        let outcome: Result<Exit, E> = (|| {
            v[dest as usize] = v[a as usize];
            dest -= 1;
            a -= 1;
            na -= 1;
            if na == 0 {
                return Ok(Exit::Succeed);
            }
            if nb == 1 {
                return Ok(Exit::CopyRest);
            }
            let mut min_gallop = *min_gallop_state;
            loop {
                let mut acount: isize = 0;
                let mut bcount: isize = 0;
                loop {
                    if lt(&tmp[b as usize], &v[a as usize])? {
                        v[dest as usize] = v[a as usize];
                        dest -= 1;
                        a -= 1;
                        acount += 1;
                        bcount = 0;
                        na -= 1;
                        if na == 0 {
                            return Ok(Exit::Succeed);
                        }
                        if acount >= min_gallop {
                            break;
                        }
                    } else {
                        v[dest as usize] = tmp[b as usize];
                        dest -= 1;
                        b -= 1;
                        bcount += 1;
                        acount = 0;
                        nb -= 1;
                        if nb == 1 {
                            return Ok(Exit::CopyRest);
                        }
                        if bcount >= min_gallop {
                            break;
                        }
                    }
                }
                min_gallop += 1;
                loop {
                    min_gallop -= (min_gallop > 1) as isize;
                    *min_gallop_state = min_gallop;
                    let key = tmp[b as usize];
                    let k = gallop_right(&key, &v[basea as usize..basea as usize + na], na - 1, lt)?;
                    let k = na - k;
                    acount = k as isize;
                    if k > 0 {
                        dest -= k as isize;
                        a -= k as isize;
                        v.copy_within((a + 1) as usize..(a + 1) as usize + k, (dest + 1) as usize);
                        na -= k;
                        if na == 0 {
                            return Ok(Exit::Succeed);
                        }
                    }
                    v[dest as usize] = tmp[b as usize];
                    dest -= 1;
                    b -= 1;
                    nb -= 1;
                    if nb == 1 {
                        return Ok(Exit::CopyRest);
                    }
                    let key = v[a as usize];
                    let k = gallop_left(&key, &tmp[..nb], nb - 1, lt)?;
                    let k = nb - k;
                    bcount = k as isize;
                    if k > 0 {
                        dest -= k as isize;
                        b -= k as isize;
                        v[(dest + 1) as usize..(dest + 1) as usize + k]
                            .copy_from_slice(&tmp[(b + 1) as usize..(b + 1) as usize + k]);
                        nb -= k;
                        if nb == 1 {
                            return Ok(Exit::CopyRest);
                        }
                        if nb == 0 {
                            return Ok(Exit::Succeed);
                        }
                    }
                    v[dest as usize] = v[a as usize];
                    dest -= 1;
                    a -= 1;
                    na -= 1;
                    if na == 0 {
                        return Ok(Exit::Succeed);
                    }
                    if !(acount >= MIN_GALLOP || bcount >= MIN_GALLOP) {
                        break;
                    }
                }
                min_gallop += 1;
                *min_gallop_state = min_gallop;
            }
        })();
        match outcome {
            Ok(Exit::CopyRest) => {
                // The first element of b belongs at the front of the merge.
                let start = (a + 1) as usize - na;
                let _ = start;
                dest -= na as isize;
                a -= na as isize;
                v.copy_within((a + 1) as usize..(a + 1) as usize + na, (dest + 1) as usize);
                v[dest as usize] = tmp[b as usize];
                Ok(())
            }
            Ok(Exit::Succeed) => {
                let lo = (dest + 1) as usize - nb;
                v[lo..lo + nb].copy_from_slice(&tmp[..nb]);
                Ok(())
            }
            Err(e) => {
                let lo = (dest + 1) as usize - nb;
                v[lo..lo + nb].copy_from_slice(&tmp[..nb]);
                Err(e)
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn lcg(seed: &mut u64) -> u64 {
            *seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            *seed >> 33
        }

        #[test]
        fn sorts_stably_like_std_for_many_shapes() {
            let _runtime = crate::testing::hold_runtime();
            let mut seed = 7u64;
            for n in [0usize, 1, 2, 3, 10, 63, 64, 65, 100, 257, 1000, 5000] {
                for modulus in [2u64, 10, 1000, u64::MAX] {
                    for shape in 0..4 {
                        let mut v: Vec<(u64, usize)> = (0..n)
                            .map(|i| {
                                let x = lcg(&mut seed) % modulus.max(1);
                                let key = match shape {
                                    0 => x,
                                    1 => i as u64 / 7,                    // ascending runs
                                    2 => (n - i) as u64 / 3,              // descending runs
                                    _ => if i % 100 < 50 { i as u64 } else { x }, // mixed
                                };
                                (key, i)
                            })
                            .collect();
                        let mut expect = v.clone();
                        expect.sort_by_key(|p| p.0); // std sort is stable
                        sort::<_, ()>(&mut v, &mut |a, b| Ok(a.0 < b.0)).unwrap();
                        assert_eq!(v, expect, "n={n} modulus={modulus} shape={shape}");
                    }
                }
            }
        }

        #[test]
        fn error_leaves_a_permutation() {
            let _runtime = crate::testing::hold_runtime();
            let mut seed = 3u64;
            for fail_at in [1usize, 5, 50, 500, 2000, 6000] {
                let mut v: Vec<u64> = (0..1500).map(|_| lcg(&mut seed) % 500).collect();
                let mut before = v.clone();
                let mut calls = 0;
                let r = sort(&mut v, &mut |a, b| {
                    calls += 1;
                    if calls == fail_at { Err(()) } else { Ok(a < b) }
                });
                assert!(r.is_err() || calls < fail_at);
                before.sort();
                v.sort();
                assert_eq!(v, before, "fail_at={fail_at}");
            }
        }

        #[test]
        fn comparison_counts_equal_cpython_on_random_input() {
            let _runtime = crate::testing::hold_runtime();
            // Counts measured with CPython 3.11 (sorted() with a __lt__-counting key) on the
            // same LCG data: the algorithm makes exactly CPython's comparisons.
            let mut seed = 11u64;
            for (n, m, expected) in [(2000u64, 1000u64, 19278), (5000, 50, 46295), (3000, 1u64 << 40, 30690)] {
                let mut v: Vec<u64> = (0..n).map(|_| lcg(&mut seed) % m).collect();
                let mut calls = 0;
                sort::<_, ()>(&mut v, &mut |a, b| {
                    calls += 1;
                    Ok(a < b)
                })
                .unwrap();
                assert_eq!(calls, expected, "n={n} m={m}");
            }
        }

        #[test]
        fn minrun_matches_cpython() {
            let _runtime = crate::testing::hold_runtime();
            assert_eq!(compute_minrun(63), 63);
            assert_eq!(compute_minrun(64), 32);
            assert_eq!(compute_minrun(65), 33);
            assert_eq!(compute_minrun(2048), 32);
            assert_eq!(compute_minrun(2049), 33);
            assert_eq!(compute_minrun(1000), 63);
        }

        #[test]
        fn comparison_count_matches_cpython_on_sorted_and_reversed() {
            let _runtime = crate::testing::hold_runtime();
            // CPython: sorted(range(100)) makes 99 comparisons; reversed input also 99.
            for input in [(0..100).collect::<Vec<u32>>(), (0..100).rev().collect()] {
                let mut v = input;
                let mut calls = 0;
                sort::<_, ()>(&mut v, &mut |a, b| {
                    calls += 1;
                    Ok(a < b)
                })
                .unwrap();
                assert_eq!(calls, 99);
            }
        }
    }
}
