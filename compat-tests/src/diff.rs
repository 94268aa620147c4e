//! A line diff in unified format, for showing how our output departs from CPython's.
//!
//! Longest-common-subsequence over the lines left once the common head and tail are set
//! aside; outputs too large for that table fall back to "all removed, all added", which is
//! still a correct (if coarse) diff.

/// Largest middle section (lines of a times lines of b) given to the quadratic LCS table.
const LCS_CELL_LIMIT: usize = 4_000_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Line `a` of the old text equals line `b` of the new.
    Same(usize, usize),
    Removed(usize),
    Added(usize),
}

fn edit_script(a: &[&str], b: &[&str]) -> Vec<Op> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (am, bm) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<Op> = (0..head).map(|i| Op::Same(i, i)).collect();
    if am.len().saturating_mul(bm.len()) <= LCS_CELL_LIMIT {
        let (n, m) = (am.len(), bm.len());
        // lcs[i][j]: LCS length of am[i..] and bm[j..].
        let mut lcs = vec![0u32; (n + 1) * (m + 1)];
        let at = |i: usize, j: usize| i * (m + 1) + j;
        for i in (0..n).rev() {
            for j in (0..m).rev() {
                lcs[at(i, j)] = if am[i] == bm[j] {
                    lcs[at(i + 1, j + 1)] + 1
                } else {
                    lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < n || j < m {
            if i < n && j < m && am[i] == bm[j] {
                ops.push(Op::Same(head + i, head + j));
                i += 1;
                j += 1;
            } else if i < n && (j == m || lcs[at(i + 1, j)] >= lcs[at(i, j + 1)]) {
                // On a tie, removals come first, as readers of unified diffs expect.
                ops.push(Op::Removed(head + i));
                i += 1;
            } else {
                ops.push(Op::Added(head + j));
                j += 1;
            }
        }
    } else {
        ops.extend((0..am.len()).map(|i| Op::Removed(head + i)));
        ops.extend((0..bm.len()).map(|j| Op::Added(head + j)));
    }
    ops.extend((0..tail).map(|k| Op::Same(a.len() - tail + k, b.len() - tail + k)));
    ops
}

/// Unified diff of `old` against `new` with `context` lines around each change; empty when
/// the texts have the same lines. Labels name the two sides in the `---`/`+++` header.
pub fn unified_diff(
    old: &str,
    new: &str,
    old_label: &str,
    new_label: &str,
    context: usize,
) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = edit_script(&a, &b);
    let changes: Vec<usize> = ops
        .iter()
        .enumerate()
        .filter(|(_, op)| !matches!(op, Op::Same(..)))
        .map(|(k, _)| k)
        .collect();
    if changes.is_empty() {
        if old != new {
            return format!(
                "--- {old_label}\n+++ {new_label}\n(the texts differ only in line endings)\n"
            );
        }
        return String::new();
    }
    let mut out = format!("--- {old_label}\n+++ {new_label}\n");
    let mut k = 0;
    while k < changes.len() {
        // Extend the hunk while the next change is within 2*context unchanged lines.
        let mut last = changes[k];
        let mut next = k + 1;
        while next < changes.len() && changes[next] - last <= 2 * context + 1 {
            last = changes[next];
            next += 1;
        }
        let start = changes[k].saturating_sub(context);
        let end = (last + context + 1).min(ops.len());
        let hunk = &ops[start..end];
        // Where the hunk begins on each side, and how many lines it covers there.
        let mut a_pos = None;
        let mut b_pos = None;
        let (mut a_len, mut b_len) = (0, 0);
        for op in hunk {
            match *op {
                Op::Same(i, j) => {
                    a_pos.get_or_insert(i);
                    b_pos.get_or_insert(j);
                    a_len += 1;
                    b_len += 1;
                }
                Op::Removed(i) => {
                    a_pos.get_or_insert(i);
                    a_len += 1;
                }
                Op::Added(j) => {
                    b_pos.get_or_insert(j);
                    b_len += 1;
                }
            }
        }
        let a_start = a_pos.map(|i| i + 1).unwrap_or_else(|| {
            ops[..start]
                .iter()
                .filter(|o| !matches!(o, Op::Added(_)))
                .count()
        });
        let b_start = b_pos.map(|j| j + 1).unwrap_or_else(|| {
            ops[..start]
                .iter()
                .filter(|o| !matches!(o, Op::Removed(_)))
                .count()
        });
        out.push_str(&format!("@@ -{a_start},{a_len} +{b_start},{b_len} @@\n"));
        for op in hunk {
            match *op {
                Op::Same(i, _) => out.push_str(&format!(" {}\n", a[i])),
                Op::Removed(i) => out.push_str(&format!("-{}\n", a[i])),
                Op::Added(j) => out.push_str(&format!("+{}\n", b[j])),
            }
        }
        k = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_texts_have_no_diff() {
        assert_eq!(unified_diff("a\nb\n", "a\nb\n", "x", "y", 3), "");
    }

    #[test]
    fn single_changed_line_with_context() {
        let old = "1\n2\n3\n4\n5\n6\n7\n";
        let new = "1\n2\n3\nFOUR\n5\n6\n7\n";
        let d = unified_diff(old, new, "cpython", "ferrython", 2);
        assert_eq!(
            d,
            "--- cpython\n+++ ferrython\n@@ -2,5 +2,5 @@\n 2\n 3\n-4\n+FOUR\n 5\n 6\n"
        );
    }

    #[test]
    fn insertion_and_deletion_far_apart_make_two_hunks() {
        let old: String = (1..=20).map(|i| format!("{i}\n")).collect();
        let new: String = (1..=20)
            .filter(|&i| i != 3)
            .map(|i| {
                if i == 18 {
                    "18\nnew\n".to_string()
                } else {
                    format!("{i}\n")
                }
            })
            .collect();
        let d = unified_diff(&old, &new, "a", "b", 1);
        assert_eq!(d.matches("@@ ").count(), 2, "{d}");
        assert!(d.contains("\n-3\n"));
        assert!(d.contains("\n+new\n"));
    }

    #[test]
    fn missing_output_shows_all_lines_removed() {
        let d = unified_diff("a\nb\n", "", "a", "b", 3);
        assert_eq!(d, "--- a\n+++ b\n@@ -1,2 +0,0 @@\n-a\n-b\n");
    }

    #[test]
    fn trailing_newline_difference_is_explained() {
        let d = unified_diff("a\n", "a", "x", "y", 3);
        assert!(d.contains("differ only in line endings"));
    }
}
