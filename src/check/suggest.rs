//! Did-you-mean for the checker: [`crate::data::suggest::did_you_mean`]
//! with one refinement for ties. When several names are equally close, the
//! one the input is a subsequence of wins — a dropped letter is the most
//! common slip (`end_usr` means `end_user`, not `end_use`).

use crate::data::suggest::{did_you_mean, edit_distance};

/// Whether every char of `short` appears in `long`, in order.
fn is_subsequence(short: &str, long: &str) -> bool {
    let mut rest = long.chars();
    short.chars().all(|c| rest.by_ref().any(|l| l == c))
}

/// The candidate `input` most likely misspells, or `None`.
pub(crate) fn best<'a, I>(input: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
    I::IntoIter: Clone,
{
    let candidates = candidates.into_iter();
    let first = did_you_mean(input, candidates.clone())?;
    if is_subsequence(input, first) || first.eq_ignore_ascii_case(input) {
        return Some(first);
    }
    let distance = edit_distance(input, first);
    candidates
        .filter(|c| edit_distance(input, c) == distance && is_subsequence(input, c))
        .min()
        .or(Some(first))
}

#[cfg(test)]
mod tests {
    use super::best;

    #[test]
    fn a_dropped_letter_wins_a_tie() {
        assert_eq!(
            best("end_usr", ["end_use", "end_user", "id"]),
            Some("end_user")
        );
        assert_eq!(best("end_use_", ["end_use", "end_user"]), Some("end_use"));
        assert_eq!(best("zzz", ["end_use"]), None);
    }
}
