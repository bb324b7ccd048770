//! `cartograph run "<question>"`: lens, assemble the chosen summaries and source excerpts into
//! the run phase's context budget, generate, and stream the answer to stdout. Uses the
//! summaries already cached and structural facts for the rest; it never summarizes on its own.

use crate::app::Context;
use crate::exit::{coded, Exit};
use anyhow::Result;
use cartograph_core::{FileMap, Phase};
use cartograph_lens::SentAs;
use cartograph_llm::LlmError;
use cartograph_pipeline::prompts::Prompts;
use std::io::Write;
use std::sync::Arc;

pub fn run(context: &Context, wait: bool, question: &str) -> Result<Exit> {
    let env = |name: &str| std::env::var(name).ok().filter(|value| !value.is_empty());
    context
        .config
        .check_phases_ready(&[Phase::Lens, Phase::Run], &env)?;
    let opened = context.open_shared_store(wait, "run")?;
    let store = Arc::clone(&opened.store);
    let client = context.llm_client(Arc::clone(&store), context.config.budget.max_cost_usd)?;
    let runtime = super::runtime()?;
    let lensed = super::lens::lens(context, store.as_ref(), question, Some((&client, &runtime)))?;
    let by_path: std::collections::BTreeMap<&str, &FileMap> = lensed
        .files
        .iter()
        .map(|file| (file.path.as_str(), file))
        .collect();

    // The stable prefix first (the project overview), then files best first, so provider
    // prompt caching applies across questions.
    let mut context_text = String::new();
    if let Ok(readme) = std::fs::read_to_string(context.root.join("README.md")) {
        let excerpt: String = readme.chars().take(3000).collect();
        context_text.push_str(&format!("## README.md (excerpt)\n{excerpt}\n\n"));
    }
    let mut files_sent = Vec::new();
    let mut local_only = false;
    for ranked in &lensed.result.files {
        let Some(file) = by_path.get(ranked.path.as_str()) else {
            continue;
        };
        local_only |= file.flags.local_only;
        files_sent.push(file.path.to_string());
        context_text.push_str(&format!(
            "## {} ({}, {} lines)\n",
            file.path, file.language, file.lines
        ));
        // What lens chose to send for this file: the whole source, the summary or the outline.
        match ranked.sent_as {
            SentAs::Source => {
                // A secret file is never opened (lens never offers one; this is the second lock).
                let source = (!file.flags.secret)
                    .then(|| std::fs::read_to_string(context.root.join(file.path.as_str())).ok())
                    .flatten();
                match source {
                    Some(source) => {
                        context_text.push_str(&format!("```{}\n{source}\n```\n\n", file.language));
                    }
                    _ => context_text.push_str(&format!("{}\n\n", cartograph_lens::outline(file))),
                }
            }
            SentAs::Summary => match lensed.summaries.get(&file.path) {
                Some(summary) => context_text.push_str(&format!("Summary: {}\n\n", summary.text)),
                None => context_text.push_str(&format!("{}\n\n", cartograph_lens::outline(file))),
            },
            SentAs::Outline => {
                context_text.push_str(&format!("{}\n\n", cartograph_lens::outline(file)))
            }
        }
    }

    if !client.phase_uses_models(Phase::Run) {
        print_offline_answer(question, &lensed);
        return Ok(Exit::Done);
    }
    let prompts = Prompts::load(context.prompts_dir().as_deref())?;
    let prompt = prompts
        .get("run-answer")
        .ok_or_else(|| coded(Exit::Error, "the run-answer prompt is missing"))?;
    let (context_text, redactions) = cartograph_pipeline::gate::redact(&context_text);
    let values = [("question", question), ("context", context_text.as_str())];
    let mut request = prompt.request(Phase::Run, &values);
    request.files = files_sent;
    request.redactions = redactions;
    request.local_only = local_only;
    let mut stdout = std::io::stdout();
    let mut on_text = |text: &str| {
        let _ = stdout.write_all(text.as_bytes());
        let _ = stdout.flush();
    };
    let outcome = runtime.block_on(client.complete_streaming(request, &mut on_text));
    println!();
    client.finish()?;
    match outcome {
        Ok(_) => Ok(Exit::Done),
        Err(LlmError::Offline {
            degraded: false, ..
        }) => {
            print_offline_answer(question, &lensed);
            Ok(Exit::Done)
        }
        Err(error @ LlmError::Offline { .. }) => {
            eprintln!("error: {error}");
            print_offline_answer(question, &lensed);
            Ok(Exit::Degraded)
        }
        Err(error @ (LlmError::Budget { .. } | LlmError::Quota { .. })) => {
            Err(coded(Exit::Budget, error.to_string()))
        }
        Err(error @ LlmError::Config(_)) => Err(coded(Exit::Usage, error.to_string())),
        Err(error) => Err(error.into()),
    }
}

/// With no model, the answer is where to look: the best files and symbols with their docs.
fn print_offline_answer(question: &str, lensed: &super::lens::Lensed) {
    println!(
        "No model is configured for the run phase; these are the places that answer \"{question}\":"
    );
    println!("(to have a model answer, name one in pipeline.toml, e.g. [phases.run] models = [\"openai/gpt-4o\"] with OPENAI_API_KEY set; `cartograph init` writes a commented file)\n");
    for ranked in lensed.result.files.iter().take(8) {
        let file = lensed.files.iter().find(|file| file.path == ranked.path);
        let about = file
            .and_then(|file| {
                lensed
                    .summaries
                    .get(&file.path)
                    .map(|summary| summary.text.clone())
                    .or_else(|| file.parsed.doc.clone())
            })
            .or_else(|| {
                // No summary and no file doc: the doc of the symbol lens matched best there,
                // else of its first documented symbol.
                file.and_then(|file| {
                    let matched = lensed
                        .result
                        .symbols
                        .iter()
                        .filter(|ranked| ranked.path == file.path)
                        .find_map(|ranked| {
                            file.parsed
                                .symbols
                                .iter()
                                .find(|symbol| {
                                    symbol.name == ranked.name && symbol.line == ranked.line
                                })
                                .and_then(|symbol| symbol.doc.clone())
                        });
                    matched.or_else(|| {
                        file.parsed
                            .symbols
                            .iter()
                            .find_map(|symbol| symbol.doc.clone())
                    })
                })
            })
            .unwrap_or_default();
        let about = cartograph_pipeline::gate::redact(&first_sentence(&about)).0;
        println!("- {}  {}", ranked.path, about);
    }
    if !lensed.result.symbols.is_empty() {
        println!();
        for symbol in lensed.result.symbols.iter().take(10) {
            println!(
                "- {}:{}  {} {}",
                symbol.path,
                symbol.line,
                symbol.kind.as_str(),
                symbol.name
            );
        }
    }
}

/// The longest description the offline answer shows for a file, in characters.
const DESCRIPTION_CHARS: usize = 160;

/// The first sentence of a doc comment, with its wrapped lines joined; when the sentence is
/// longer than [`DESCRIPTION_CHARS`] it is cut at a word and ends in `…`, so that a cut never
/// reads as the whole description.
fn first_sentence(doc: &str) -> String {
    let paragraph = doc
        .lines()
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let sentence_end = paragraph
        .char_indices()
        .find(|&(index, c)| {
            matches!(c, '.' | '!' | '?')
                && paragraph[index + c.len_utf8()..]
                    .chars()
                    .next()
                    .is_none_or(char::is_whitespace)
        })
        .map(|(index, c)| index + c.len_utf8());
    let sentence = &paragraph[..sentence_end.unwrap_or(paragraph.len())];
    if sentence.chars().count() <= DESCRIPTION_CHARS {
        return sentence.to_string();
    }
    let cut: String = sentence.chars().take(DESCRIPTION_CHARS).collect();
    let at_word = cut.rfind(' ').map_or(cut.as_str(), |space| &cut[..space]);
    format!("{}…", at_word.trim_end_matches([',', ';', ':', ' ']))
}

#[cfg(test)]
mod tests {
    use super::first_sentence;

    #[test]
    fn a_description_is_a_whole_sentence_or_ends_in_an_ellipsis() {
        assert_eq!(
            first_sentence("Reads the index and\nranks files for a question. More here.\n"),
            "Reads the index and ranks files for a question."
        );
        assert_eq!(first_sentence("No full stop"), "No full stop");
        assert_eq!(
            first_sentence("Version 1.2 is read.\n\nOther."),
            "Version 1.2 is read."
        );
        let long = "word ".repeat(60);
        let shown = first_sentence(&long);
        assert!(shown.ends_with("word…"), "{shown}");
        assert!(shown.chars().count() <= 161);
        assert_eq!(first_sentence(""), "");
    }
}
