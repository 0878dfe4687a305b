//! A small JSON writer: string escaping and integers, straight into bytes.

/// Appends `s` as a JSON string literal (quotes, backslashes and control
/// characters escaped; everything else, non-ASCII included, as is).
pub fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i).unwrap_or(&[]));
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0'));
        } else {
            out.extend_from_slice(escape);
        }
        start = i + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or(&[]));
    out.push(b'"');
}

/// `s` as a JSON string literal.
pub fn string_literal(s: &str) -> String {
    let mut out = Vec::with_capacity(s.len() + 2);
    string(&mut out, s);
    // `string` escapes a `&str` into UTF-8, so nothing is lost here; no
    // default (an empty literal would be broken JSON).
    String::from_utf8_lossy(&out).into_owned()
}

/// Appends an unsigned integer in decimal.
pub fn uint(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        if let Some(d) = buf.get_mut(i) {
            *d = b'0' + (n % 10) as u8;
        }
        n /= 10;
        if n == 0 || i == 0 {
            break;
        }
    }
    out.extend_from_slice(buf.get(i..).unwrap_or(&[]));
}

/// Appends an optional item index: the number, or `null`.
pub fn item(out: &mut Vec<u8>, item: Option<u32>) {
    match item {
        Some(i) => uint(out, u64::from(i)),
        None => out.extend_from_slice(b"null"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(
            string_literal("a\"b\\c\nd\u{1}é"),
            "\"a\\\"b\\\\c\\nd\\u0001é\""
        );
        let mut out = Vec::new();
        uint(&mut out, 0);
        out.push(b' ');
        uint(&mut out, 18446744073709551615);
        assert_eq!(String::from_utf8(out).unwrap(), "0 18446744073709551615");
    }
}
