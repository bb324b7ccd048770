//! The offline pages: written from the index alone (files, symbols, docs, summaries, the import
//! graph, manifests, the README), every claim carrying a citation that rendering resolves. Also
//! the facts each page depends on, for its inputs hash. No model, no judgement of quality.

use crate::context::Context;
use crate::markdown::{code_span, escape_inline, first_line, first_paragraph, shorten};
use crate::page::{heading, PageKind};
use crate::paths::{link_between, page_path};
use cartograph_core::{FileMap, Language, Module, Symbol, SymbolKind, Visibility};
use cartograph_graph::ModuleEdge;
use cartograph_manifest::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// Tables stop here and say how many rows were left out.
const MAX_ROWS: usize = 100;
/// The dependency diagram shows at most this many modules, the most central ones.
const MAX_DIAGRAM_MODULES: usize = 40;
const MAX_KEY_SYMBOLS: usize = 30;
const MAX_ENTRY_POINTS: usize = 20;
const MAX_CENTRAL_FILES: usize = 10;
const MAX_READING_ORDER: usize = 20;

/// Symbol kinds worth listing among a module's key symbols.
const KEY_KINDS: &[SymbolKind] = &[
    SymbolKind::Function,
    SymbolKind::Struct,
    SymbolKind::Class,
    SymbolKind::Enum,
    SymbolKind::Union,
    SymbolKind::Trait,
    SymbolKind::Interface,
    SymbolKind::TypeAlias,
    SymbolKind::Constant,
    SymbolKind::Macro,
];

/// File names that usually hold a package's own documentation.
const PRIMARY_FILES: &[&str] = &[
    "lib.rs",
    "mod.rs",
    "main.rs",
    "__init__.py",
    "index.ts",
    "index.js",
    "index.tsx",
    "index.mjs",
    "doc.go",
    "main.go",
    "package-info.java",
    "main.py",
    "__main__.py",
];

/// The offline body of a page, written from the index alone.
pub fn structural_body(kind: &PageKind, index: &crate::DocIndex) -> String {
    body(kind, &Context::new(index))
}

pub(crate) fn body(kind: &PageKind, context: &Context) -> String {
    let page = page_path(kind);
    let writer = Pages {
        context,
        page: &page,
    };
    let mut out = format!("# {}\n\n", heading(kind, context));
    match kind {
        PageKind::Index => writer.index(&mut out),
        PageKind::Architecture => writer.architecture(&mut out),
        PageKind::Module(path) => writer.module(&mut out, path),
        PageKind::Onboarding => writer.onboarding(&mut out),
        PageKind::Dependencies => writer.dependencies(&mut out),
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

struct Pages<'c, 'a> {
    context: &'c Context<'a>,
    page: &'c str,
}

fn is_flagged(file: &FileMap) -> bool {
    let flags = file.flags;
    flags.generated || flags.vendored || flags.lockfile || flags.secret
}

fn flag_note(file: &FileMap) -> Option<&'static str> {
    let flags = file.flags;
    if flags.secret {
        Some("secret (listed by path only)")
    } else if flags.generated {
        Some("generated")
    } else if flags.vendored {
        Some("vendored")
    } else if flags.lockfile {
        Some("lockfile")
    } else {
        None
    }
}

/// `[[path]]`, or the path as code when it cannot be written as a citation.
fn cite(path: &str) -> String {
    if path.contains([']', '|', '\n', '[']) {
        code_span(path)
    } else {
        format!("[[{path}]]")
    }
}

fn cite_line(path: &str, line: Option<u32>) -> String {
    match line {
        Some(line) if !path.contains([']', '|', '\n', '[']) => format!("[[{path}:{line}]]"),
        _ => cite(path),
    }
}

fn plural(count: usize, one: &str, many: &str) -> String {
    if count == 1 {
        format!("1 {one}")
    } else {
        format!("{count} {many}")
    }
}

fn more_rows(out: &mut String, total: usize, shown: usize, what: &str) {
    if total > shown {
        let _ = writeln!(out, "\nand {} more {what}.", total - shown);
    }
}

fn escape_all(text: &str) -> String {
    escape_inline(text).replace('`', "\\`")
}

fn mermaid_label(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn module_label(path: &str) -> String {
    if path.is_empty() {
        "(root)".to_string()
    } else {
        path.to_string()
    }
}

impl<'c, 'a> Pages<'c, 'a> {
    fn files_of(&self, module: &'a Module) -> Vec<&'a FileMap> {
        module
            .files
            .iter()
            .filter_map(|path| self.context.file(path.as_str()))
            .collect()
    }

    fn module_link(&self, path: &str) -> String {
        let target = page_path(&PageKind::Module(path.to_string()));
        let text = if path.is_empty() {
            "(root)".to_string()
        } else {
            code_span(path)
        };
        format!("[{text}]({})", link_between(self.page, &target))
    }

    fn page_link(&self, text: &str, kind: &PageKind) -> String {
        format!("[{text}]({})", link_between(self.page, &page_path(kind)))
    }

    /// One line about a file: its summary, else its doc comment, else why it is flagged.
    fn describe_file(&self, file: &FileMap) -> Option<String> {
        if let Some(note) = flag_note(file) {
            return Some(note.to_string());
        }
        self.context
            .summary(&file.path)
            .and_then(|summary| first_line(summary, 160))
            .or_else(|| {
                file.parsed
                    .doc
                    .as_deref()
                    .and_then(|doc| first_line(doc, 160))
            })
            .map(|text| escape_inline(&text))
    }

    /// What a module is for, with the citation that backs it.
    fn describe_module(&self, module: &'a Module) -> Option<(String, String)> {
        let context = self.context;
        if let Some(manifest) = context
            .manifests_in(&module.path)
            .find(|m| m.description.is_some())
        {
            let description = manifest.description.as_deref().unwrap_or_default();
            return Some((
                escape_inline(&shorten(description, 200)),
                cite(manifest.path.as_str()),
            ));
        }
        let mut files = self.files_of(module);
        files.retain(|file| !is_flagged(file));
        files.sort_by_key(|file| {
            let primary = PRIMARY_FILES
                .iter()
                .position(|name| *name == file.path.file_name());
            (
                file.path.components().count(),
                primary.unwrap_or(usize::MAX),
                file.path.as_str(),
            )
        });
        let primary_doc = files
            .iter()
            .filter(|file| PRIMARY_FILES.contains(&file.path.file_name()))
            .find_map(|file| Some((first_line(file.parsed.doc.as_deref()?, 200)?, file)));
        if let Some((doc, file)) = primary_doc {
            return Some((escape_inline(&doc), cite(file.path.as_str())));
        }
        if let Some((path, text)) = context.readme_in(&module.path) {
            if let Some(paragraph) = first_paragraph(text, 200) {
                return Some((escape_inline(&paragraph), cite(path.as_str())));
            }
        }
        let graph = context.index.graph;
        files.sort_by_cached_key(|file| by_rank(graph, file));
        files.iter().find_map(|file| {
            let text = context
                .summary(&file.path)
                .and_then(|summary| first_line(summary, 200))
                .or_else(|| first_line(file.parsed.doc.as_deref()?, 200))?;
            Some((escape_inline(&text), cite(file.path.as_str())))
        })
    }

    fn describe_module_cell(&self, module: &'a Module) -> String {
        match self.describe_module(module) {
            Some((text, citation)) => format!("{text} {citation}"),
            None => "—".to_string(),
        }
    }

    /// Files where execution starts: manifest-declared entry points, files defining a top-level
    /// `main`, and `__main__.py` / `main.*` / `manage.py`.
    fn entry_points(&self) -> Vec<(&'a FileMap, Option<&'a Symbol>)> {
        let context = self.context;
        let mut found: BTreeMap<&str, (&FileMap, Option<&Symbol>)> = BTreeMap::new();
        for manifest in &context.manifests {
            for path in &manifest.entry_points {
                if let Some(file) = context.file(path) {
                    found.entry(file.path.as_str()).or_insert((file, None));
                }
            }
        }
        for file in context.index.files {
            if is_flagged(file) || !file.language.is_code() {
                continue;
            }
            let main = file.parsed.symbols.iter().find(|symbol| {
                symbol.name == "main"
                    && symbol.parent.is_none()
                    && matches!(symbol.kind, SymbolKind::Function)
            });
            let stem = file.path.file_name().split('.').next().unwrap_or_default();
            if main.is_some() || matches!(stem, "__main__" | "main" | "manage") {
                let entry = found.entry(file.path.as_str()).or_insert((file, None));
                if entry.1.is_none() {
                    entry.1 = main;
                }
            }
        }
        found.into_values().take(MAX_ENTRY_POINTS).collect()
    }

    fn entry_point_line(&self, file: &FileMap, main: Option<&Symbol>) -> String {
        let mut line = format!("- {}", cite(file.path.as_str()));
        if let Some(symbol) = main {
            let _ = write!(line, " — {}", self.context.symbol_citation(file, symbol));
        }
        if let Some(about) = self.describe_file(file) {
            let _ = write!(line, ": {about}");
        }
        line
    }

    /// The most central files by PageRank, skipping flagged ones; empty when no import was
    /// resolved (every file would tie).
    fn central_files(&self, limit: usize) -> Vec<&'a FileMap> {
        let graph = self.context.index.graph;
        if graph.edge_count() == 0 {
            return Vec::new();
        }
        let mut files: Vec<&FileMap> = self
            .context
            .index
            .files
            .iter()
            .filter(|file| !is_flagged(file) && graph.in_degree(&file.path) > 0)
            .collect();
        files.sort_by_cached_key(|file| by_rank(graph, file));
        files.truncate(limit);
        files
    }

    fn module_edges(&self) -> &'c [ModuleEdge] {
        &self.context.module_edges
    }

    fn sorted_modules(&self) -> Vec<&'a Module> {
        let mut modules: Vec<&Module> = self.context.index.modules.iter().collect();
        modules.sort_by(|a, b| a.path.cmp(&b.path));
        modules
    }

    fn index(&self, out: &mut String) {
        let context = self.context;
        let name = context.project_name();
        if let Some((path, text)) = context.readme() {
            if let Some(paragraph) = first_paragraph(text, 600) {
                let _ = writeln!(
                    out,
                    "> {}\n>\n> — from {}\n",
                    escape_inline(&paragraph),
                    cite(path.as_str())
                );
            }
        }
        if let Some(manifest) = context.manifests_in("").find(|m| m.description.is_some()) {
            let description = manifest.description.as_deref().unwrap_or_default();
            let _ = writeln!(
                out,
                "{}: {} {}\n",
                escape_all(&name),
                escape_inline(description),
                cite(manifest.path.as_str())
            );
        }
        let files = context.index.files;
        let total_lines: u64 = files.iter().map(|file| u64::from(file.lines)).sum();
        let mut languages: BTreeMap<Language, (usize, u64)> = BTreeMap::new();
        for file in files {
            let entry = languages.entry(file.language).or_default();
            entry.0 += 1;
            entry.1 += u64::from(file.lines);
        }
        let _ = writeln!(
            out,
            "The index holds {} ({} lines) in {}, grouped into {}.\n",
            plural(files.len(), "file", "files"),
            total_lines,
            plural(languages.len(), "language", "languages"),
            plural(context.index.modules.len(), "module", "modules"),
        );

        out.push_str("## Languages\n\n| language | files | lines |\n|---|---:|---:|\n");
        let mut languages: Vec<_> = languages.into_iter().collect();
        languages.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
        for (language, (count, lines)) in &languages {
            let _ = writeln!(out, "| {language} | {count} | {lines} |");
        }
        out.push('\n');

        out.push_str("## Modules\n\n| module | files | about |\n|---|---:|---|\n");
        let modules = self.sorted_modules();
        for module in modules.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                self.module_link(&module.path),
                module.files.len(),
                self.describe_module_cell(module)
            );
        }
        more_rows(out, modules.len(), MAX_ROWS, "modules");
        out.push('\n');

        let entry_points = self.entry_points();
        if !entry_points.is_empty() {
            out.push_str("## Entry points\n\n");
            for (file, main) in entry_points {
                out.push_str(&self.entry_point_line(file, main));
                out.push('\n');
            }
            out.push('\n');
        }

        out.push_str("## Pages\n\n");
        let _ = writeln!(
            out,
            "- {}: the modules and how they depend on each other",
            self.page_link("Architecture", &PageKind::Architecture)
        );
        let _ = writeln!(
            out,
            "- {}: where to start reading, how to build and test",
            self.page_link("Onboarding", &PageKind::Onboarding)
        );
        let _ = writeln!(
            out,
            "- {}: what the project depends on",
            self.page_link("Dependencies", &PageKind::Dependencies)
        );
        let _ = writeln!(
            out,
            "- [index.json]({}) and [llms.txt]({}): the same map for tools and coding agents",
            link_between(self.page, "index.json"),
            link_between(self.page, "llms.txt")
        );
    }

    fn architecture(&self, out: &mut String) {
        let context = self.context;
        let modules = self.sorted_modules();
        let edges = self.module_edges();
        let file_edges = context.index.graph.edge_count();
        let _ = writeln!(
            out,
            "{} is organised into {}, with {} between them (from {} between files).\n",
            escape_all(&context.project_name()),
            plural(modules.len(), "module", "modules"),
            plural(edges.len(), "dependency", "dependencies"),
            plural(file_edges, "resolved import", "resolved imports"),
        );
        let mut depends_on: BTreeMap<&str, usize> = BTreeMap::new();
        let mut used_by: BTreeMap<&str, usize> = BTreeMap::new();
        for edge in edges {
            *depends_on.entry(edge.from.as_str()).or_default() += 1;
            *used_by.entry(edge.to.as_str()).or_default() += 1;
        }
        out.push_str("## Components\n\n| module | files | depends on | used by | about |\n|---|---:|---:|---:|---|\n");
        for module in modules.iter().take(MAX_ROWS) {
            let path = module.path.as_str();
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} | {} |",
                self.module_link(path),
                module.files.len(),
                depends_on.get(path).copied().unwrap_or(0),
                used_by.get(path).copied().unwrap_or(0),
                self.describe_module_cell(module)
            );
        }
        more_rows(out, modules.len(), MAX_ROWS, "modules");
        out.push('\n');

        out.push_str("## Module dependencies\n\n");
        let centrality = &context.module_centrality;
        let mut shown: Vec<&str> = modules.iter().map(|m| m.path.as_str()).collect();
        if shown.len() > MAX_DIAGRAM_MODULES {
            shown.sort_by(|a, b| {
                let rank = |m: &str| centrality.get(m).copied().unwrap_or(0.0);
                rank(b).total_cmp(&rank(a)).then(a.cmp(b))
            });
            shown.truncate(MAX_DIAGRAM_MODULES);
            shown.sort_unstable();
        }
        let ids: BTreeMap<&str, usize> = shown.iter().enumerate().map(|(at, m)| (*m, at)).collect();
        out.push_str("```mermaid\ngraph LR\n");
        for (module, id) in &ids {
            let _ = writeln!(out, "  m{id}[\"{}\"]", mermaid_label(&module_label(module)));
        }
        for edge in edges {
            if let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str()))
            {
                let _ = writeln!(out, "  m{from} -->|{}| m{to}", edge.count);
            }
        }
        out.push_str("```\n\n");
        if modules.len() > shown.len() {
            let _ = writeln!(
                out,
                "The diagram shows the {} most central of {} modules (by the summed PageRank of their files).\n",
                shown.len(),
                modules.len()
            );
        }
        out.push_str("An arrow points from a module to a module it imports; its label counts the imports between their files.\n\n");

        let central = self.central_files(MAX_CENTRAL_FILES);
        out.push_str("## Central files\n\n");
        if central.is_empty() {
            out.push_str(
                "No imports between files were resolved, so no file stands out as central.\n",
            );
        } else {
            out.push_str("| file | imported by | about |\n|---|---:|---|\n");
            for file in central {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cite(file.path.as_str()),
                    context.index.graph.in_degree(&file.path),
                    self.describe_file(file).unwrap_or_else(|| "—".to_string())
                );
            }
        }
    }

    fn key_symbols(&self, files: &[&'a FileMap]) -> Vec<(&'a FileMap, &'a Symbol)> {
        let graph = self.context.index.graph;
        let mut candidates: Vec<(&FileMap, &Symbol)> = files
            .iter()
            .filter(|file| !is_flagged(file))
            .flat_map(|file| {
                file.parsed
                    .symbols
                    .iter()
                    .map(move |symbol| (*file, symbol))
            })
            .filter(|(_, symbol)| {
                let public = match symbol.visibility {
                    Some(Visibility::Public) => true,
                    None => !symbol.name.starts_with('_'),
                    Some(_) => false,
                };
                let test = symbol.name.starts_with("test_") || symbol.name.starts_with("Test");
                public && !test && symbol.parent.is_none() && KEY_KINDS.contains(&symbol.kind)
            })
            .collect();
        // Documented first, then by the file's PageRank, path and line; each key computed once.
        candidates.sort_by_cached_key(|(file, symbol)| {
            let documented = symbol.doc.as_deref().is_some_and(|d| !d.trim().is_empty());
            let (rank, path) = by_rank(graph, file);
            (std::cmp::Reverse(documented), rank, path, symbol.line)
        });
        candidates.truncate(MAX_KEY_SYMBOLS);
        candidates.sort_by(|a, b| a.0.path.cmp(&b.0.path).then(a.1.line.cmp(&b.1.line)));
        candidates
    }

    fn module(&self, out: &mut String, path: &str) {
        let context = self.context;
        let Some(module) = context.module(path) else {
            out.push_str("This module is no longer in the index.\n");
            return;
        };
        let files = self.files_of(module);
        match self.describe_module(module) {
            Some((text, citation)) => {
                let _ = writeln!(out, "{text} {citation}\n");
            }
            None => {
                out.push_str("No doc comment, README or summary describes this module yet.\n\n")
            }
        }
        let lines: u64 = files.iter().map(|file| u64::from(file.lines)).sum();
        let mut languages: BTreeMap<Language, usize> = BTreeMap::new();
        for file in &files {
            *languages.entry(file.language).or_default() += 1;
        }
        let main_language = languages
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
            .map(|(l, _)| *l);
        let _ = write!(
            out,
            "{} with {lines} lines",
            plural(files.len(), "file", "files")
        );
        if let Some(language) = main_language {
            let _ = write!(out, ", mostly {language}");
        }
        let _ = writeln!(
            out,
            ". See {} for how it fits with the rest.\n",
            self.page_link("the architecture", &PageKind::Architecture)
        );

        out.push_str("## Files\n\n| file | language | lines | about |\n|---|---|---:|---|\n");
        for file in files.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                cite(file.path.as_str()),
                file.language,
                file.lines,
                self.describe_file(file).unwrap_or_else(|| "—".to_string())
            );
        }
        more_rows(out, files.len(), MAX_ROWS, "files");
        out.push('\n');

        let symbols = self.key_symbols(&files);
        if !symbols.is_empty() {
            out.push_str("## Key symbols\n\n");
            for (file, symbol) in symbols {
                let _ = write!(
                    out,
                    "- {} ({})",
                    context.symbol_citation(file, symbol),
                    symbol.kind.as_str().replace('_', " ")
                );
                if let Some(doc) = symbol.doc.as_deref().and_then(|doc| first_line(doc, 200)) {
                    let _ = write!(out, ": {}", escape_inline(&doc));
                }
                out.push('\n');
                let signature = symbol.signature.trim();
                if !signature.is_empty() && signature != symbol.name {
                    let _ = writeln!(out, "  {}", code_span(&shorten(signature, 200)));
                }
            }
            out.push('\n');
        }

        let edges = self.module_edges();
        let file_edges = context.index.graph.edges();
        let examples = |from: &str, to: &str| -> String {
            let shown: Vec<String> = file_edges
                .iter()
                .filter(|(a, b)| {
                    context.module_of.get(a) == Some(&from) && context.module_of.get(b) == Some(&to)
                })
                .take(2)
                .map(|(a, b)| format!("{} imports {}", cite(a.as_str()), cite(b.as_str())))
                .collect();
            shown.join("; ")
        };
        out.push_str("## Depends on\n\n");
        let outgoing: Vec<&ModuleEdge> = edges.iter().filter(|edge| edge.from == path).collect();
        if outgoing.is_empty() {
            out.push_str("No import from this module resolves to another module.\n");
        }
        for edge in outgoing.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "- {} — {}: {}",
                self.module_link(&edge.to),
                plural(edge.count as usize, "import", "imports"),
                examples(&edge.from, &edge.to)
            );
        }
        more_rows(out, outgoing.len(), MAX_ROWS, "modules");
        out.push_str("\n## Used by\n\n");
        let incoming: Vec<&ModuleEdge> = edges.iter().filter(|edge| edge.to == path).collect();
        if incoming.is_empty() {
            out.push_str("No other module imports this one.\n");
        }
        for edge in incoming.iter().take(MAX_ROWS) {
            let _ = writeln!(
                out,
                "- {} — {}: {}",
                self.module_link(&edge.from),
                plural(edge.count as usize, "import", "imports"),
                examples(&edge.from, &edge.to)
            );
        }
        more_rows(out, incoming.len(), MAX_ROWS, "modules");
    }

    /// Build and test commands from the root manifests, else from top-level ones.
    fn commands(&self) -> Vec<(&'c Command, &'c str)> {
        let manifests = &self.context.manifests;
        let depth = |path: &str| path.matches('/').count();
        let shallowest = manifests
            .iter()
            .map(|m| depth(m.path.as_str()))
            .min()
            .unwrap_or(0);
        let mut seen = BTreeSet::new();
        let mut commands = Vec::new();
        for manifest in manifests
            .iter()
            .filter(|m| depth(m.path.as_str()) == shallowest && shallowest <= 1)
        {
            for command in &manifest.commands {
                if seen.insert(command.command.as_str()) {
                    commands.push((command, manifest.path.as_str()));
                }
            }
        }
        commands.truncate(15);
        commands
    }

    /// Modules in dependency order: each after the modules it imports, where cycles allow;
    /// among the ready ones, the most central first.
    fn reading_order(&self) -> Vec<&'a Module> {
        let context = self.context;
        let modules = self.sorted_modules();
        let centrality = &context.module_centrality;
        let has_code: BTreeSet<&str> = modules
            .iter()
            .filter(|m| {
                self.files_of(m)
                    .iter()
                    .any(|f| f.language.is_code() && !is_flagged(f))
            })
            .map(|m| m.path.as_str())
            .collect();
        let mut pending: BTreeMap<&str, BTreeSet<String>> = modules
            .iter()
            .map(|m| (m.path.as_str(), BTreeSet::new()))
            .collect();
        for edge in self.module_edges() {
            if let Some(dependencies) = pending.get_mut(edge.from.as_str()) {
                dependencies.insert(edge.to.clone());
            }
        }
        let mut order = Vec::new();
        while !pending.is_empty() {
            let next = pending
                .iter()
                .min_by(|a, b| {
                    let rank = |m: &str| centrality.get(m).copied().unwrap_or(0.0);
                    // Modules without code (docs, configuration) read best last.
                    let code = |m: &str| !has_code.contains(m);
                    a.1.len()
                        .cmp(&b.1.len())
                        .then(code(a.0).cmp(&code(b.0)))
                        .then(rank(b.0).total_cmp(&rank(a.0)))
                        .then(a.0.cmp(b.0))
                })
                .map(|(path, _)| *path);
            let Some(next) = next else { break };
            pending.remove(next);
            for dependencies in pending.values_mut() {
                dependencies.remove(next);
            }
            if let Some(module) = modules.iter().find(|m| m.path == next) {
                order.push(*module);
            }
        }
        order
    }

    fn onboarding(&self, out: &mut String) {
        let context = self.context;
        let _ = writeln!(
            out,
            "A reading plan for {}, built from its index.\n",
            escape_all(&context.project_name())
        );
        out.push_str("## Start here\n\n");
        if let Some((path, _)) = context.readme() {
            let _ = writeln!(out, "- Read the README: {}", cite(path.as_str()));
        }
        let _ = writeln!(
            out,
            "- Skim the {} page for the modules and how they depend on each other",
            self.page_link("architecture", &PageKind::Architecture)
        );
        let entry_points = self.entry_points();
        if !entry_points.is_empty() {
            out.push_str("- Follow execution from the entry points:\n");
            for (file, main) in entry_points {
                out.push_str("  ");
                out.push_str(&self.entry_point_line(file, main));
                out.push('\n');
            }
        }
        out.push('\n');

        let commands = self.commands();
        out.push_str("## Build and test\n\n");
        if commands.is_empty() {
            out.push_str("No manifest in the index says how to build or test the project.\n\n");
        } else {
            out.push_str("| command | what it does | from |\n|---|---|---|\n");
            for (command, path) in commands {
                let purpose = if command.purpose.is_empty() {
                    "—".to_string()
                } else {
                    escape_all(&command.purpose)
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    code_span(&command.command).replace('|', "\\|"),
                    purpose,
                    cite_line(path, command.line)
                );
            }
            out.push('\n');
        }

        let central = self.central_files(MAX_CENTRAL_FILES);
        if !central.is_empty() {
            out.push_str("## Most central files\n\nThe files most of the code depends on (PageRank over the import graph); time spent here pays off everywhere.\n\n");
            for (at, file) in central.iter().enumerate() {
                let _ = write!(
                    out,
                    "{}. {} — imported by {}",
                    at + 1,
                    cite(file.path.as_str()),
                    plural(context.index.graph.in_degree(&file.path), "file", "files")
                );
                if let Some(about) = self.describe_file(file) {
                    let _ = write!(out, ": {about}");
                }
                out.push('\n');
            }
            out.push('\n');
        }

        out.push_str("## Reading order\n\nModules in dependency order: each comes after the modules it imports, where the import graph allows.\n\n");
        let order = self.reading_order();
        let graph = context.index.graph;
        for (at, module) in order.iter().take(MAX_READING_ORDER).enumerate() {
            let _ = write!(out, "{}. {}", at + 1, self.module_link(&module.path));
            let mut files = self.files_of(module);
            files.retain(|file| !is_flagged(file));
            files.sort_by_cached_key(|file| by_rank(graph, file));
            if let Some(file) = files.first() {
                let _ = write!(out, " — start with {}", cite(file.path.as_str()));
            }
            out.push('\n');
        }
        more_rows(out, order.len(), MAX_READING_ORDER, "modules");
    }

    fn dependencies(&self, out: &mut String) {
        let context = self.context;
        out.push_str("## External\n\n");
        let manifests: Vec<_> = context
            .manifests
            .iter()
            .filter(|m| !m.dependencies.is_empty())
            .collect();
        if manifests.is_empty() {
            out.push_str("No manifest in the index declares external dependencies.\n\n");
        }
        for manifest in manifests {
            let _ = writeln!(
                out,
                "### {} ({})\n",
                cite(manifest.path.as_str()),
                manifest.ecosystem
            );
            out.push_str("| name | requirement | kind | declared |\n|---|---|---|---|\n");
            for dependency in manifest.dependencies.iter().take(MAX_ROWS) {
                let version = if dependency.version.is_empty() {
                    "—".to_string()
                } else {
                    escape_all(&dependency.version)
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} |",
                    code_span(&dependency.name).replace('|', "\\|"),
                    version,
                    escape_all(&dependency.kind_label()),
                    cite_line(manifest.path.as_str(), dependency.line)
                );
            }
            more_rows(out, manifest.dependencies.len(), MAX_ROWS, "dependencies");
            out.push('\n');
        }

        out.push_str("## Internal\n\nHow the modules import each other (counts are imports between their files).\n\n");
        let edges = self.module_edges();
        if edges.is_empty() {
            out.push_str("No import between modules was resolved.\n");
            return;
        }
        out.push_str("| module | depends on | used by |\n|---|---|---|\n");
        let cell = |list: Vec<(&str, u32)>| -> String {
            if list.is_empty() {
                return "—".to_string();
            }
            let mut parts: Vec<String> = list
                .iter()
                .take(10)
                .map(|(m, count)| format!("{} ({count})", self.module_link(m)))
                .collect();
            if list.len() > 10 {
                parts.push(format!("and {} more", list.len() - 10));
            }
            parts.join(", ")
        };
        let modules = self.sorted_modules();
        for module in modules.iter().take(MAX_ROWS) {
            let path = module.path.as_str();
            let outgoing = edges
                .iter()
                .filter(|e| e.from == path)
                .map(|e| (e.to.as_str(), e.count))
                .collect();
            let incoming = edges
                .iter()
                .filter(|e| e.to == path)
                .map(|e| (e.from.as_str(), e.count))
                .collect();
            let _ = writeln!(
                out,
                "| {} | {} | {} |",
                self.module_link(path),
                cell(outgoing),
                cell(incoming)
            );
        }
        more_rows(out, modules.len(), MAX_ROWS, "modules");
    }
}

/// The facts a page is written from, one per line, without line numbers.
pub(crate) fn facts(kind: &PageKind, context: &Context) -> String {
    let page = page_path(kind);
    let pages = Pages {
        context,
        page: &page,
    };
    let mut out = String::new();
    let file_fact = |out: &mut String, file: &FileMap| {
        let content = file.parsed.semantic_hash.unwrap_or(file.hash);
        let key = context
            .index
            .summaries
            .get(&file.path)
            .map(|s| s.key.as_str())
            .unwrap_or("-");
        let _ = writeln!(out, "file {} {content} {key}", file.path);
    };
    let edges = pages.module_edges();
    let modules_fact = |out: &mut String| {
        for module in pages.sorted_modules() {
            let about = pages
                .describe_module(module)
                .map(|(text, _)| text)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "module {:?} {} {about}",
                module.path,
                module.files.len()
            );
        }
    };
    let edges_fact = |out: &mut String| {
        for edge in edges {
            let _ = writeln!(out, "edge {:?} {:?} {}", edge.from, edge.to, edge.count);
        }
    };
    let text_fact = |out: &mut String, path: &str| {
        if let Some(text) = context.text(path) {
            let _ = writeln!(
                out,
                "text {path} {}",
                blake3::hash(text.as_bytes()).to_hex()
            );
        }
    };
    match kind {
        PageKind::Module(path) => {
            if let Some(module) = context.module(path) {
                for file in pages.files_of(module) {
                    file_fact(&mut out, file);
                }
                for manifest in context.manifests_in(path) {
                    text_fact(&mut out, manifest.path.as_str());
                }
                if let Some((readme, _)) = context.readme_in(path) {
                    text_fact(&mut out, readme.as_str());
                }
            }
            for edge in edges.iter().filter(|e| e.from == *path || e.to == *path) {
                let _ = writeln!(out, "edge {:?} {:?} {}", edge.from, edge.to, edge.count);
            }
        }
        PageKind::Index | PageKind::Architecture | PageKind::Onboarding => {
            let _ = writeln!(out, "project {}", context.project_name());
            if let Some((readme, _)) = context.readme() {
                text_fact(&mut out, readme.as_str());
            }
            modules_fact(&mut out);
            edges_fact(&mut out);
            for (file, _) in pages.entry_points() {
                let _ = writeln!(out, "entry {}", file.path);
            }
            for file in pages.central_files(MAX_CENTRAL_FILES) {
                let _ = writeln!(out, "central {}", file.path);
            }
            if *kind == PageKind::Onboarding {
                for (command, path) in pages.commands() {
                    let _ = writeln!(out, "command {} {path}", command.command);
                }
            }
        }
        PageKind::Dependencies => {
            for manifest in &context.manifests {
                text_fact(&mut out, manifest.path.as_str());
            }
            edges_fact(&mut out);
        }
    }
    out
}

/// Sorts files by PageRank, highest first, then by path. PageRank is never negative, so the
/// bits of the float order like the float; the key is computed once per file, not per comparison.
fn by_rank<'f>(
    graph: &cartograph_graph::Graph,
    file: &'f FileMap,
) -> (std::cmp::Reverse<u64>, &'f str) {
    (
        std::cmp::Reverse(graph.rank_of(&file.path).max(0.0).to_bits()),
        file.path.as_str(),
    )
}
