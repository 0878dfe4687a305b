//! "Did you mean …?" over the names in scope, based on the optimal string
//! alignment (restricted Damerau–Levenshtein) edit distance.

/// A cost larger than any real distance, used for cells outside the table.
const FAR: usize = usize::MAX / 4;

/// The largest distance accepted as a suggestion for an input of `len`
/// characters: `max(1, len / 3)`, and always less than `len`.
pub(crate) fn max_suggestion_distance(len: usize) -> usize {
    (len / 3).max(1).min(len.saturating_sub(1))
}

/// Optimal string alignment distance between two char slices, or `None` as
/// soon as it is known to exceed `limit`.
fn osa_bounded(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let width = b.len() + 1;
    // Rows i-2, i-1 and i of the dynamic programming table.
    let mut before: Vec<usize> = vec![FAR; width];
    let mut prev: Vec<usize> = (0..width).collect();
    let mut cur: Vec<usize> = vec![FAR; width];
    let mut a_prev: Option<char> = None;
    // Minimum of row i-1. A cell of row i+1 is at least the minimum of row i
    // or one more than the minimum of row i-1 (a transposition), so once
    // both bounds exceed `limit` no later row can come back under it.
    let mut prev_min = 0;
    for (i, &ac) in a.iter().enumerate() {
        let row = i + 1;
        let mut row_min = row;
        if let Some(first) = cur.first_mut() {
            *first = row;
        }
        let mut b_prev: Option<char> = None;
        for (j, &bc) in b.iter().enumerate() {
            let col = j + 1;
            let up = prev.get(col).copied().unwrap_or(FAR);
            let left = cur.get(j).copied().unwrap_or(FAR);
            let diag = prev.get(j).copied().unwrap_or(FAR);
            let cost = usize::from(ac != bc);
            let mut value = (up + 1).min(left + 1).min(diag + cost);
            if a_prev == Some(bc) && b_prev == Some(ac) && ac != bc {
                let swap = j
                    .checked_sub(1)
                    .and_then(|k| before.get(k))
                    .copied()
                    .unwrap_or(FAR);
                value = value.min(swap + 1);
            }
            if let Some(slot) = cur.get_mut(col) {
                *slot = value;
            }
            row_min = row_min.min(value);
            b_prev = Some(bc);
        }
        if row_min > limit && prev_min >= limit {
            return None;
        }
        prev_min = row_min;
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
        a_prev = Some(ac);
    }
    let distance = prev.last().copied().unwrap_or(FAR);
    (distance <= limit).then_some(distance)
}

/// The optimal string alignment distance between `a` and `b` in chars, or
/// `None` as soon as it is known to exceed `limit` (cheap for far pairs).
pub(crate) fn osa_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa_bounded(&a, &b, limit)
}

/// The optimal string alignment (restricted Damerau–Levenshtein) distance
/// between `a` and `b`, counted in chars: insertions, deletions,
/// substitutions and transpositions of adjacent chars each cost 1.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    osa_bounded(&a, &b, usize::MAX).unwrap_or(FAR)
}

/// Lower-cases `s` into `out`, replacing its previous contents.
fn fold_into(s: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(s.chars().flat_map(char::to_lowercase));
}

/// Picks the candidate that `input` most likely misspells, or `None`.
///
/// A candidate equal to `input` up to case wins outright. Otherwise the
/// candidate with the smallest edit distance ([`edit_distance`], compared
/// case-insensitively) is taken, provided that distance is at most
/// `max(1, n / 3)` and less than `n`, where `n` is the number of chars in
/// `input`. Ties go to the lexicographically smallest candidate, so the
/// result does not depend on the order of `candidates`.
pub fn did_you_mean<'a, I: IntoIterator<Item = &'a str>>(
    input: &str,
    candidates: I,
) -> Option<&'a str> {
    let mut wanted = Vec::new();
    fold_into(input, &mut wanted);
    let n = input.chars().count();
    let threshold = max_suggestion_distance(n);
    let mut buffer = Vec::new();
    // Best so far: (is not a case-insensitive match, distance, candidate).
    let mut best: Option<(bool, usize, &'a str)> = None;
    for candidate in candidates {
        fold_into(candidate, &mut buffer);
        let key = if buffer == wanted {
            (false, 0)
        } else {
            let limit = match best {
                Some((_, distance, _)) => distance.min(threshold),
                None => threshold,
            };
            // `osa_bounded` rejects on the length difference before any work.
            match osa_bounded(&wanted, &buffer, limit) {
                Some(distance) => (true, distance),
                None => continue,
            }
        };
        let better = match best {
            None => true,
            Some((inexact, distance, current)) => {
                (key.0, key.1, candidate) < (inexact, distance, current)
            }
        };
        if better {
            best = Some((key.0, key.1, candidate));
        }
    }
    best.map(|(_, _, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("end_usr", "end_user"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("abcd", "acbd"), 1);
        // OSA, not unrestricted Damerau-Levenshtein.
        assert_eq!(edit_distance("ca", "abc"), 3);
        assert_eq!(edit_distance("äöü", "aöü"), 1);
        assert_eq!(edit_distance("Abc", "abc"), 1);
        assert_eq!(edit_distance("flaw", "lawn"), 2);
    }

    #[test]
    fn bounded_matches_unbounded() {
        let words = [
            "", "a", "ab", "ba", "abc", "acb", "bca", "kitten", "sitting", "end_user",
        ];
        for a in words {
            for b in words {
                let ac: Vec<char> = a.chars().collect();
                let bc: Vec<char> = b.chars().collect();
                let full = edit_distance(a, b);
                assert_eq!(edit_distance(b, a), full, "{a} {b}");
                for limit in 0..10 {
                    let want = (full <= limit).then_some(full);
                    assert_eq!(osa_bounded(&ac, &bc, limit), want, "{a} {b} {limit}");
                }
            }
        }
    }

    /// Straightforward full-table OSA distance to check against.
    fn naive(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[i - 2][j - 2] + 1);
                }
                d[i][j] = v;
            }
        }
        d[a.len()][b.len()]
    }

    /// All strings over `alphabet` of length up to `max_len`.
    fn all_strings(alphabet: &[char], max_len: usize) -> Vec<String> {
        let mut out = vec![String::new()];
        let mut layer = vec![String::new()];
        for _ in 0..max_len {
            let mut next = Vec::new();
            for s in &layer {
                for c in alphabet {
                    let mut t = s.clone();
                    t.push(*c);
                    next.push(t);
                }
            }
            out.extend(next.iter().cloned());
            layer = next;
        }
        out
    }

    #[test]
    fn exhaustive_against_naive() {
        let words = all_strings(&['a', 'b', 'c'], 4);
        for a in &words {
            let ac: Vec<char> = a.chars().collect();
            for b in &words {
                let bc: Vec<char> = b.chars().collect();
                let full = naive(a, b);
                assert_eq!(edit_distance(a, b), full, "{a} {b}");
                for limit in 0..5 {
                    let want = (full <= limit).then_some(full);
                    assert_eq!(osa_bounded(&ac, &bc, limit), want, "{a} {b} {limit}");
                }
            }
        }
    }

    #[test]
    fn suggestions() {
        assert_eq!(
            did_you_mean("end_usr", ["end_user", "exporter"]),
            Some("end_user")
        );
        assert_eq!(did_you_mean("xyz", ["end_user"]), None);
        assert_eq!(
            did_you_mean("EXPORTER", ["end_user", "exporter"]),
            Some("exporter")
        );
        assert_eq!(did_you_mean("exporter", ["exporter"]), Some("exporter"));
        assert_eq!(did_you_mean("", ["", "a"]), Some(""));
        assert_eq!(did_you_mean("", ["a"]), None);
        assert_eq!(did_you_mean("a", ["b"]), None);
        assert_eq!(did_you_mean("ab", ["b", "abc"]), Some("abc"));
        assert_eq!(did_you_mean("x", Vec::<&str>::new()), None);
        // Case-insensitive exact match beats a closer case-sensitive one.
        assert_eq!(did_you_mean("Abcdef", ["abcdeF", "Abcdeg"]), Some("abcdeF"));
        // Threshold: 9 chars allow distance 3, 8 chars only 2.
        assert_eq!(did_you_mean("abcdefghi", ["abcdefxyz"]), Some("abcdefxyz"));
        assert_eq!(did_you_mean("abcdefgh", ["abcdexyz"]), None);
        assert_eq!(
            did_you_mean("quantty", ["quantity", "quality"]),
            Some("quantity")
        );
        assert_eq!(did_you_mean("ÄBCDEF", ["äbcdef"]), Some("äbcdef"));
        assert_eq!(did_you_mean("äbcdeg", ["ÄBCDEF"]), Some("ÄBCDEF"));
    }

    #[test]
    fn ties_are_deterministic() {
        let names = ["cat", "bat", "hat", "rat"];
        assert_eq!(did_you_mean("xat", names), Some("bat"));
        let mut reversed = names;
        reversed.reverse();
        assert_eq!(did_you_mean("xat", reversed), Some("bat"));
        assert_eq!(did_you_mean("Foo", ["foo", "FOO"]), Some("FOO"));
        assert_eq!(did_you_mean("Foo", ["FOO", "foo"]), Some("FOO"));
    }

    #[test]
    fn many_candidates() {
        let names: Vec<String> = (0..10_000).map(|i| format!("variable_{i:05}")).collect();
        let found = did_you_mean("variable_0999", names.iter().map(String::as_str));
        assert_eq!(found, Some("variable_00999"));
        let found = did_you_mean("varaible_04242", names.iter().map(String::as_str));
        assert_eq!(found, Some("variable_04242"));
        assert_eq!(did_you_mean("zzz", names.iter().map(String::as_str)), None);
    }
}
