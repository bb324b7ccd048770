//! An incremental server-sent-events parser: bytes in, whole events out, however the bytes
//! were split across reads. Comments (`: ping`) are skipped; `\n`, `\r\n` and `\r` all end a
//! line. Knows nothing of what the events mean.

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SseEvent {
    /// The `event:` field; `None` means the default `message`.
    pub event: Option<String>,
    /// The `data:` lines, joined with `\n`.
    pub data: String,
}

#[derive(Debug, Default)]
pub(crate) struct SseParser {
    /// Bytes of a line not yet ended; kept as bytes so a UTF-8 character split across reads
    /// decodes whole.
    partial_line: Vec<u8>,
    /// A `\r` ended the last line; a `\n` right after it belongs to the same line ending.
    after_carriage_return: bool,
    event: Option<String>,
    data: Vec<String>,
}

impl SseParser {
    /// Feeds one read; returns the events it completed.
    pub fn feed(&mut self, bytes: &[u8]) -> Vec<SseEvent> {
        let mut events = Vec::new();
        for &byte in bytes {
            if self.after_carriage_return {
                self.after_carriage_return = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\n' => self.end_line(&mut events),
                b'\r' => {
                    self.after_carriage_return = true;
                    self.end_line(&mut events);
                }
                _ => self.partial_line.push(byte),
            }
        }
        events
    }

    /// The stream ended: an event whose blank line never came is still returned, so a server
    /// that omits the last blank line loses nothing. A half-written event then fails to parse
    /// as JSON upstream and counts as a truncation.
    pub fn finish(&mut self) -> Option<SseEvent> {
        if !self.partial_line.is_empty() {
            let mut ignored = Vec::new();
            self.end_line(&mut ignored);
        }
        self.take_event()
    }

    fn end_line(&mut self, events: &mut Vec<SseEvent>) {
        let line = String::from_utf8_lossy(&self.partial_line).into_owned();
        self.partial_line.clear();
        if line.is_empty() {
            events.extend(self.take_event());
            return;
        }
        if line.starts_with(':') {
            return;
        }
        let (field, value) = match line.split_once(':') {
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_str(), ""),
        };
        match field {
            "data" => self.data.push(value.to_string()),
            "event" => self.event = Some(value.to_string()),
            _ => {}
        }
    }

    fn take_event(&mut self) -> Option<SseEvent> {
        let event = self.event.take();
        if self.data.is_empty() {
            return None;
        }
        let data = std::mem::take(&mut self.data).join("\n");
        Some(SseEvent { event, data })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_in_pieces(text: &str, piece: usize) -> Vec<SseEvent> {
        let mut parser = SseParser::default();
        let mut events = Vec::new();
        for chunk in text.as_bytes().chunks(piece) {
            events.extend(parser.feed(chunk));
        }
        events.extend(parser.finish());
        events
    }

    #[test]
    fn events_survive_any_split() {
        let text = ": OPENROUTER PROCESSING\n\nevent: ping\ndata: {}\n\ndata: {\"a\":\"é\"}\r\n\r\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n";
        let expected = vec![
            SseEvent {
                event: Some("ping".into()),
                data: "{}".into(),
            },
            SseEvent {
                event: None,
                data: "{\"a\":\"é\"}".into(),
            },
            SseEvent {
                event: None,
                data: "line1\nline2".into(),
            },
            SseEvent {
                event: None,
                data: "[DONE]".into(),
            },
        ];
        for piece in 1..text.len() {
            assert_eq!(
                parse_in_pieces(text, piece),
                expected,
                "pieces of {piece} bytes"
            );
        }
    }

    proptest::proptest! {
        /// However a stream is cut into reads, the same events come out.
        #[test]
        fn splitting_never_changes_the_events(
            texts in proptest::collection::vec("[a-z{}\":é ]{0,12}", 1..6),
            cuts in proptest::collection::vec(1usize..9, 1..20),
        ) {
            let stream: String = texts.iter().map(|text| format!("event: e\ndata: {text}\n\n: ping\n\n")).collect();
            let whole = parse_in_pieces(&stream, stream.len().max(1));
            let mut parser = SseParser::default();
            let mut pieces = Vec::new();
            let mut rest = stream.as_bytes();
            for cut in cuts.iter().cycle() {
                if rest.is_empty() {
                    break;
                }
                let (head, tail) = rest.split_at((*cut).min(rest.len()));
                pieces.extend(parser.feed(head));
                rest = tail;
            }
            pieces.extend(parser.finish());
            proptest::prop_assert_eq!(pieces, whole);
        }
    }

    #[test]
    fn carriage_returns_alone_end_lines() {
        assert_eq!(
            parse_in_pieces("data: x\r\rdata: y\r\r", 1),
            vec![
                SseEvent {
                    event: None,
                    data: "x".into()
                },
                SseEvent {
                    event: None,
                    data: "y".into()
                }
            ]
        );
    }

    #[test]
    fn a_last_event_without_blank_line_is_kept() {
        assert_eq!(
            parse_in_pieces("data: [DONE]", 4),
            vec![SseEvent {
                event: None,
                data: "[DONE]".into()
            }]
        );
        assert!(parse_in_pieces(": only a comment\n", 3).is_empty());
    }
}
