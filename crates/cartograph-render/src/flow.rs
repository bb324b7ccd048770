//! How a call flows: from a module's most used functions, what each calls inside the
//! repository, a few levels deep, in the order the code writes the calls (`ParsedFile::calls`,
//! each call followed to the definition it names).
//!
//! A call is followed only where its target is certain from the code: a method of the caller's
//! own type (`self.parse()`, a Go method's receiver), a function of the caller's file, a name
//! the file imports (the reference graph says where it is defined), a method of a type named
//! on the call (`Router::new`), or a function of a module or package named on it
//! (`strings.Split` in the repository's own `strings`). A call on a variable whose type the
//! extractor does not know is not followed: the flow leaves steps out rather than invent one.

use crate::context::Context;
use cartograph_core::{CallSite, FileMap, ImportKind, Language, Receiver, Symbol, SymbolKind};
use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

/// How many levels below a root are followed.
const MAX_DEPTH: usize = 3;
/// How many calls of one definition are shown.
const MAX_CALLS_SHOWN: usize = 6;
/// How many definitions one flow shows at most, root included.
const MAX_STEPS: usize = 16;
/// How many flows a module page shows.
const MAX_FLOWS: usize = 2;
/// How many of a file's definitions that other files call a file's description names.
const MAX_CALLED_SHOWN: usize = 2;
/// How many of a module's most used functions are tried as roots.
const MAX_ROOTS_TRIED: usize = 32;
/// How many of the most used roots whose flows are long enough compete on length.
const MAX_CANDIDATES: usize = 8;

/// Names of the functions and methods through which callers conventionally enter a program
/// or a library (Go's `ServeHTTP`, cobra's `Execute`, pflag's `Parse`, a WSGI/ASGI
/// `__call__`): tried as roots of a flow however few files name them.
const FRONT_DOORS: &[&str] = &[
    "main",
    "ServeHTTP",
    "Execute",
    "Run",
    "Parse",
    "Handle",
    "Dispatch",
    "run",
    "execute",
    "parse",
    "handle",
    "dispatch",
    "__call__",
    "invoke",
    "process",
];

/// A definition: a file and the index of the symbol in it.
pub(crate) type Definition<'a> = (&'a FileMap, usize);

/// The class `self` is an instance of in a flow, as far as the flow knows it: the file and
/// name of the most derived one (a flow from `AsyncRetrying.__call__` into the `iter` it
/// inherits from `BaseRetrying` still calls `AsyncRetrying`'s own `_add_action_func`).
type SelfType<'a> = Option<(&'a FileMap, &'a str)>;

/// A definition a flow follows, with whether it was called on `self` (the flow's class
/// stays) or not (the callee's own class is `self` below it).
type Callee<'a> = (Definition<'a>, bool);

/// The definitions each definition calls, by file path, symbol and the flow's `self` class
/// (path and name), as found so far.
type Callees<'a> = HashMap<(&'a str, usize, &'a str, &'a str), Vec<Callee<'a>>>;

/// One line of a flow: a definition, how deep it sits, and whether it was followed already
/// higher up (then its calls are not shown again).
pub(crate) struct Step<'a> {
    pub file: &'a FileMap,
    pub symbol: usize,
    pub depth: usize,
    pub shown_before: bool,
    /// Calls of this definition past `MAX_CALLS_SHOWN`, not shown.
    pub more: usize,
}

impl<'a> Context<'a> {
    /// The definition a call of `caller` (a symbol of `file`) names, when the code makes it
    /// certain.
    fn callee(
        &self,
        file: &'a FileMap,
        caller: &Symbol,
        site: CallSite<'_>,
    ) -> Option<Definition<'a>> {
        self.dispatched_callee(file, caller, site, None)
    }

    /// As `callee`, with `self` known to be an instance of `self_type`, a class that is the
    /// caller's own or derives from it: a call on `self` runs that class's method first
    /// (a template method's hook, overridden below the class that calls it).
    fn dispatched_callee(
        &self,
        file: &'a FileMap,
        caller: &Symbol,
        site: CallSite<'_>,
        self_type: SelfType<'a>,
    ) -> Option<Definition<'a>> {
        let name = site.name;
        let arguments = site.arguments;
        match site.receiver {
            Receiver::Own => {
                let parent = caller.parent.as_deref()?;
                if let Some((type_file, type_name)) = self_type {
                    let derived = type_name != parent || !std::ptr::eq(type_file, file);
                    let found = derived
                        .then(|| {
                            self.method_of(type_file, type_name, name, arguments)
                                .or_else(|| {
                                    self.inherited_method(type_file, type_name, name, arguments)
                                })
                        })
                        .flatten();
                    if found.is_some() {
                        return found;
                    }
                }
                self.method_of(file, parent, name, arguments)
                    .or_else(|| self.inherited_method(file, parent, name, arguments))
            }
            Receiver::Bare => {
                // Java, C#, C++ and Ruby call their own methods without `this`.
                if let Some(parent) = caller.parent.as_deref() {
                    if bare_calls_reach_methods(file.language) {
                        if let Some(found) = self.method_of(file, parent, name, arguments) {
                            return Some(found);
                        }
                    }
                }
                // A name the file imports under another (packaging's `_parse_requirement`, its
                // `parse_requirement`) is defined under that one.
                let imported = file.parsed.unaliased(name);
                top_level_function(file, name, arguments)
                    .map(|at| (file, at))
                    .or_else(|| {
                        // Of a Go package's definitions under different build constraints,
                        // the one most builds compile (resty's `transport_other.go`, not the
                        // `js && wasm` stub).
                        let definer = self
                            .index
                            .graph
                            .definitions_of(&file.path, imported)
                            .filter_map(|defined| self.files.get(defined.as_str()).copied())
                            .min_by_key(|definer| build_breadth(definer))?;
                        Some((definer, top_level_function(definer, imported, arguments)?))
                    })
                    .or_else(|| self.constructor(file, name, arguments))
            }
            // `super().unsign()`, `super.parse()`: the method of the class's bases.
            Receiver::Named("super") => {
                let parent = caller.parent.as_deref()?;
                self.inherited_method(file, parent, name, arguments)
            }
            Receiver::Named(named) => {
                // A type named on the call: its method.
                if let Some(type_file) = self.type_file(file, named) {
                    return self.method_of(type_file, named, name, arguments);
                }
                // A parameter whose type the caller's signature names (backoff's `operation
                // Operation`, then `operation.withEmptyData()`): that type's method.
                if let Some(Some(declared)) = cartograph_graph::declared_parameter_type(
                    file.language,
                    &caller.signature,
                    named,
                ) {
                    return self.type_file(file, declared).and_then(|type_file| {
                        self.method_of(type_file, declared, name, arguments)
                    });
                }
                // A module or package named on the call: its function, of the file that module
                // is among those the caller takes the name from (similar's `algorithms::
                // diff_deadline` calls `myers::diff_deadline`, `lcs::diff_deadline` and four
                // more of one name).
                let definer = self
                    .index
                    .graph
                    .definitions_of(&file.path, name)
                    .filter_map(|defined| self.files.get(defined.as_str()).copied())
                    .find(|definer| {
                        is_named_module(definer, named)
                            || self.declares_module_of(file, named, definer)
                    })?;
                Some((definer, top_level_function(definer, name, arguments)?))
            }
        }
    }

    /// True when Rust `file` declares its module `named` as `definer`, or as a file that
    /// re-exports from `definer`: getrandom's backends include shared code with `#[path =
    /// "../utils/get_errno.rs"] mod utils;` (or `sys_fill_exact.rs`, which has `pub(crate) use
    /// get_errno::get_errno;`) and call `utils::get_errno()`.
    fn declares_module_of(&self, file: &FileMap, named: &str, definer: &FileMap) -> bool {
        if file.language != Language::Rust {
            return false;
        }
        let Some(module) = file
            .parsed
            .imports
            .iter()
            .find(|import| import.kind == ImportKind::ModDeclaration && import.raw == named)
            .and_then(|import| import.resolved.as_ref())
        else {
            return false;
        };
        *module == definer.path
            || self.files.get(module.as_str()).is_some_and(|module| {
                module.parsed.imports.iter().any(|import| {
                    import.kind.is_reexport() && import.resolved.as_ref() == Some(&definer.path)
                })
            })
    }

    /// The file that defines the type `named` as `file` knows it: `file` itself, or the file
    /// its references lead to for that name.
    fn type_file(&self, file: &'a FileMap, named: &str) -> Option<&'a FileMap> {
        if defines_type(file, named) {
            return Some(file);
        }
        self.index
            .graph
            .definition_of(&file.path, named)
            .and_then(|path| self.files.get(path.as_str()).copied())
            .filter(|definer| defines_type(definer, named))
    }

    /// The method `name` a type `parent` of `file` inherits: the nearest of its supertypes'
    /// (tenacity's `TornadoRetrying.__call__` calls `self.iter`, written in `BaseRetrying`),
    /// when one supertype of each level defines it.
    fn inherited_method(
        &self,
        file: &'a FileMap,
        parent: &str,
        name: &str,
        arguments: Option<u32>,
    ) -> Option<Definition<'a>> {
        const MAX_LEVELS: usize = 4;
        // Rust's and Go's supertypes are traits and interfaces: a method found there is a
        // declaration, not the code that runs.
        if matches!(file.language, Language::Rust | Language::Go) {
            return None;
        }
        let parent = without_type_arguments(parent);
        let at = file.parsed.symbols.iter().position(|symbol| {
            symbol.name.as_str() == parent && symbol.kind.is_type() && symbol.parent.is_none()
        })?;
        let ancestors = self
            .hierarchy
            .ancestors(self.type_at(file, at)?, MAX_LEVELS);
        for level in 1..=MAX_LEVELS {
            let found: Vec<Definition<'a>> = ancestors
                .iter()
                .filter(|(_, depth)| *depth == level)
                .filter_map(|(base, _)| {
                    let (other, symbol) = self.type_of(*base)?;
                    Some((other, method_in(other, &symbol.name, name, arguments)?))
                })
                .collect();
            match found.as_slice() {
                [only] => return Some(*only),
                [] => {}
                // Two bases that both define it: which one runs is the order's to say.
                _ => return None,
            }
        }
        None
    }

    /// A Python class called as a function (`RetryCallState(...)`): its `__init__`, when the
    /// class is the file's or one it imports.
    fn constructor(
        &self,
        file: &'a FileMap,
        name: &str,
        arguments: Option<u32>,
    ) -> Option<Definition<'a>> {
        if file.language != Language::Python {
            return None;
        }
        let definer = if defines_type(file, name) {
            file
        } else {
            let defined = self.index.graph.definition_of(&file.path, name)?;
            let definer = *self.files.get(defined.as_str())?;
            defines_type(definer, name).then_some(definer)?
        };
        // An exception made to be raised (`raise MissingRequiredClaimError(claim)`, tomlkit's
        // `NonExistentKey(KeyError, TOMLKitError)`) is where a flow stops, not a step of it.
        if self.is_exception(definer, name) {
            return None;
        }
        Some((definer, method_in(definer, name, "__init__", arguments)?))
    }

    /// Whether the class `name` of `file` is an exception: named as one, or with an ancestor
    /// that is (`KeyError`, `TOMLKitError`, `Exception`), a few levels up.
    fn is_exception(&self, file: &'a FileMap, name: &str) -> bool {
        let exceptional = |name: &str| {
            ["Error", "Exception", "Warning"]
                .iter()
                .any(|end| name.ends_with(end))
        };
        if exceptional(name) {
            return true;
        }
        let Some(at) = file.parsed.symbols.iter().position(|symbol| {
            symbol.name.as_str() == name && symbol.kind.is_type() && symbol.parent.is_none()
        }) else {
            return false;
        };
        let Some(node) = self.type_at(file, at) else {
            return false;
        };
        // The bases as written (a built-in one, `KeyError`, resolves to no type) and those of
        // other projects the hierarchy names.
        let based_on_one = |node: cartograph_graph::TypeAt| {
            let written = self.type_of(node).is_some_and(|(owner, _)| {
                owner.parsed.bases.iter().any(|(symbol, base)| {
                    *symbol == node.1 && exceptional(base.rsplit('.').next().unwrap_or(base))
                })
            });
            written
                || self.hierarchy.supertypes(node).iter().any(|supertype| {
                    matches!(supertype, cartograph_graph::Supertype::Named(named)
                        if exceptional(named.rsplit('.').next().unwrap_or(named)))
                })
        };
        const LEVELS: usize = 4;
        if based_on_one(node) {
            return true;
        }
        for (base, depth) in self.hierarchy.ancestors(node, LEVELS) {
            let named_so = self
                .type_of(base)
                .is_some_and(|(_, symbol)| exceptional(&symbol.name));
            if named_so || (depth < LEVELS && based_on_one(base)) {
                return true;
            }
        }
        false
    }

    /// The method `name` of type `parent` that a call with `arguments` arguments reaches, in
    /// `file` or, for Go, in another file of its package.
    fn method_of(
        &self,
        file: &'a FileMap,
        parent: &str,
        name: &str,
        arguments: Option<u32>,
    ) -> Option<Definition<'a>> {
        if let Some(at) = method_in(file, parent, name, arguments) {
            return Some((file, at));
        }
        if file.language != Language::Go {
            return None;
        }
        let dir = file.path.parent();
        let package = file.parsed.package.as_deref()?;
        let prefix = if dir.is_empty() {
            String::new()
        } else {
            format!("{dir}/")
        };
        let is_test = file.path.file_name().ends_with("_test.go");
        self.files
            .range(prefix.as_str()..)
            .take_while(|(path, _)| path.starts_with(&prefix))
            .map(|(_, other)| *other)
            .filter(|other| other.path.parent() == dir && other.path != file.path)
            .filter(|other| other.parsed.package.as_deref() == Some(package))
            .filter(|other| is_test || !other.path.file_name().ends_with("_test.go"))
            .find_map(|other| Some((other, method_in(other, parent, name, arguments)?)))
    }

    /// The definitions `symbol` of `file` calls, each once, in the order first written, with
    /// `self` an instance of `self_type`.
    fn callees_of(
        &self,
        file: &'a FileMap,
        symbol: usize,
        self_type: SelfType<'a>,
    ) -> Vec<Callee<'a>> {
        let Some(caller) = file.parsed.symbols.get(symbol) else {
            return Vec::new();
        };
        let mut found: Vec<Callee<'a>> = Vec::new();
        // A closure the definition keeps for later runs when something calls it, not here.
        for site in file.parsed.calls.of(symbol).filter(|site| !site.deferred) {
            let own = matches!(site.receiver, Receiver::Own);
            let Some((definer, at)) = self.dispatched_callee(file, caller, site, self_type) else {
                continue;
            };
            let itself = std::ptr::eq(definer, file) && at == symbol;
            let seen = found
                .iter()
                .any(|((other, other_at), _)| std::ptr::eq(*other, definer) && *other_at == at);
            let test_code = cartograph_graph::is_test_path(&definer.path)
                || definer
                    .parsed
                    .symbols
                    .get(at)
                    .is_some_and(|callee| definer.parsed.in_test_code(callee.line));
            if !itself && !seen && !test_code {
                found.push(((definer, at), own));
            }
        }
        found
    }

    /// The class `self` is in the definition at `at` of `file` when nothing else is known:
    /// the method's own.
    fn own_class(file: &'a FileMap, at: usize) -> SelfType<'a> {
        let parent = file.parsed.symbols.get(at)?.parent.as_deref()?;
        Some((file, parent))
    }

    /// The flow from `root`: each definition with the ones it calls below it, depth first.
    /// `known` keeps the callees found, for the next flow of the same page.
    fn flow(&self, root: Definition<'a>, known: &mut Callees<'a>) -> Vec<Step<'a>> {
        let mut steps: Vec<Step<'a>> = Vec::new();
        let mut followed: BTreeSet<(&'a str, usize)> = BTreeSet::new();
        let self_type = Self::own_class(root.0, root.1);
        self.follow(root, self_type, 0, (&mut steps, &mut followed, known));
        steps
    }

    fn follow(
        &self,
        (file, symbol): Definition<'a>,
        self_type: SelfType<'a>,
        depth: usize,
        (steps, followed, known): (
            &mut Vec<Step<'a>>,
            &mut BTreeSet<(&'a str, usize)>,
            &mut Callees<'a>,
        ),
    ) {
        let shown_before = !followed.insert((file.path.as_str(), symbol));
        let at = steps.len();
        steps.push(Step {
            file,
            symbol,
            depth,
            shown_before,
            more: 0,
        });
        if shown_before || depth >= MAX_DEPTH {
            return;
        }
        let key = (
            file.path.as_str(),
            symbol,
            self_type.map_or("", |(type_file, _)| type_file.path.as_str()),
            self_type.map_or("", |(_, name)| name),
        );
        let callees = match known.get(&key) {
            Some(callees) => callees.clone(),
            None => {
                let callees = self.callees_of(file, symbol, self_type);
                known.insert(key, callees.clone());
                callees
            }
        };
        let mut shown = 0;
        for &(callee, own) in &callees {
            if shown == MAX_CALLS_SHOWN || steps.len() >= MAX_STEPS {
                break;
            }
            let below = if own {
                self_type
            } else {
                Self::own_class(callee.0, callee.1)
            };
            self.follow(
                callee,
                below,
                depth + 1,
                (&mut *steps, &mut *followed, &mut *known),
            );
            shown += 1;
        }
        steps[at].more = callees.len() - shown;
    }

    /// The flows a module page shows: of its most used public functions and methods (and its
    /// entry points), the ones whose flows are longest, each root not already inside an
    /// earlier flow.
    fn module_flows(&self, files: &[&'a FileMap]) -> Vec<Vec<Step<'a>>> {
        let graph = self.index.graph;
        let mut roots: Vec<(usize, f64, Definition<'a>)> = Vec::new();
        for file in files {
            if cartograph_graph::is_test_path(&file.path) || file.parsed.calls.is_empty() {
                continue;
            }
            for (at, symbol) in file.parsed.symbols.iter().enumerate() {
                // A procedural macro is the function that expands it.
                let callable = matches!(
                    symbol.kind,
                    SymbolKind::Function | SymbolKind::Method | SymbolKind::Macro
                );
                // A `main` counts where it is a program's (not sds.c's test `main` in hiredis).
                let main = symbol.name.as_str() == "main"
                    && symbol.parent.is_none()
                    && self
                        .entry_points
                        .iter()
                        .any(|(entry, _)| entry.path == file.path);
                let public = graph.is_public(&file.path, at);
                if !callable || !(main || public) || crate::structural::is_deprecated(symbol) {
                    continue;
                }
                // The doors a caller goes through first are tried whatever their use.
                let door = main || (public && FRONT_DOORS.contains(&symbol.name.as_str()));
                let users = if door {
                    usize::MAX
                } else {
                    self.name_users
                        .get(&(file.path.as_str(), symbol.name.as_str()))
                        .copied()
                        .unwrap_or(0)
                };
                let rank = graph.symbol_rank(&file.path, at);
                roots.push((users, rank, (file, at)));
            }
        }
        roots.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.total_cmp(&a.1)));
        let mut known = Callees::new();
        // Of the most used, the ones that reach furthest: a flow of three calls or more, or
        // of two levels.
        let mut candidates: Vec<(usize, Vec<Step<'a>>)> = roots
            .into_iter()
            .take(MAX_ROOTS_TRIED)
            .map(|(_, _, root)| self.flow(root, &mut known))
            .filter(|steps| steps.len() >= 4 || steps.iter().any(|step| step.depth >= 2))
            .take(MAX_CANDIDATES)
            .enumerate()
            .collect();
        candidates.sort_by_key(|(order, steps)| (std::cmp::Reverse(steps.len()), *order));
        let mut flows: Vec<Vec<Step<'a>>> = Vec::new();
        let same =
            |a: &Step<'a>, b: &Step<'a>| std::ptr::eq(a.file, b.file) && a.symbol == b.symbol;
        for (_, steps) in candidates {
            if flows.len() == MAX_FLOWS {
                break;
            }
            let Some(root) = steps.first() else {
                continue;
            };
            // A flow already shown inside another, or one that mostly repeats the flows
            // shown (express's `res.jsonp` and `res.sendStatus`, both through `res.send`),
            // teaches nothing new.
            let shown = flows.iter().flatten();
            let inside_earlier = shown.clone().any(|step| same(step, root));
            let holds_earlier = flows
                .iter()
                .filter_map(|flow| flow.first())
                .any(|earlier| steps.iter().any(|step| same(step, earlier)));
            let repeated = steps
                .iter()
                .skip(1)
                .filter(|step| shown.clone().any(|other| same(step, other)))
                .count();
            // Two roots shown alike read as one (pino's two `pino`s).
            let label = self.flow_label(&steps, 0);
            let named_alike = flows
                .iter()
                .any(|earlier| self.flow_label(earlier, 0) == label);
            if !inside_earlier && !holds_earlier && !named_alike && repeated * 2 < steps.len() {
                flows.push(steps);
            }
        }
        flows
    }

    /// The name a flow shows for a definition: `FlagSet.parseArgs`, `Parser::parse`, `run`.
    pub(crate) fn flow_name(&self, file: &FileMap, symbol: &Symbol) -> String {
        match symbol.parent.as_deref() {
            Some(parent) if symbol.kind == SymbolKind::Method => {
                let separator = match file.language {
                    Language::Rust | Language::Cpp | Language::Php => "::",
                    _ => ".",
                };
                // A Java or C# constructor as code calls it: `new CharacterReader`.
                if symbol.name.as_str() == without_type_arguments(parent)
                    && matches!(file.language, Language::Java | Language::CSharp)
                {
                    return format!("new {}", symbol.name);
                }
                // A Rust trait's method is its implementing type's (`io::Read for Reader`).
                let owner = parent
                    .rsplit_once(" for ")
                    .map_or(parent, |(_, owner)| owner);
                format!(
                    "{}{separator}{}",
                    without_type_arguments(owner),
                    symbol.name
                )
            }
            _ => symbol.name.to_string(),
        }
    }

    /// `flow_name`, with the file's module when another definition the same caller calls
    /// shows the same name (attrs' `attrib` calls `pipe` of `converters.py` and of
    /// `setters.py`).
    fn flow_label(&self, steps: &[Step<'a>], at: usize) -> String {
        let step = &steps[at];
        let Some(symbol) = step.file.parsed.symbols.get(step.symbol) else {
            return String::new();
        };
        let name = self.flow_name(step.file, symbol);
        // Overloads of one file (jsoup's two `DataUtil.detectCharset`) have one name in the
        // code too; the file's name would tell them no better apart.
        let named = |other: &Step<'a>| {
            let overload =
                std::ptr::eq(other.file, step.file) && overloads_by_arity(step.file.language);
            !overload
                && other
                    .file
                    .parsed
                    .symbols
                    .get(other.symbol)
                    .is_some_and(|other_symbol| self.flow_name(other.file, other_symbol) == name)
        };
        let caller = steps[..at]
            .iter()
            .rposition(|earlier| earlier.depth + 1 == step.depth);
        let siblings = steps
            .iter()
            .enumerate()
            .skip(caller.map_or(0, |caller| caller + 1))
            .take_while(|(_, other)| other.depth >= step.depth)
            .filter(|(other_at, other)| *other_at != at && other.depth == step.depth);
        let sibling_alike = siblings.into_iter().any(|(_, other)| named(other));
        // A step shown as its caller or one of its callees is reads as a call of itself
        // (tracing's `Layer for EnvFilter` method calling the type's own `register_callsite`).
        let caller_alike = caller.is_some_and(|caller| named(&steps[caller]));
        let callee_alike = steps[at + 1..]
            .iter()
            .take_while(|later| later.depth > step.depth)
            .any(|later| later.depth == step.depth + 1 && named(later));
        if !sibling_alike && !caller_alike && !callee_alike {
            return name;
        }
        // A Rust trait's method by the trait it implements: `<EnvFilter as Layer<S>>::…`.
        if let Some(label) = rust_trait_method(step.file, symbol) {
            return label;
        }
        // Its caller or callees take the trait's form instead.
        let trait_alike = |other: &Step<'a>| {
            other
                .file
                .parsed
                .symbols
                .get(other.symbol)
                .is_some_and(|other_symbol| rust_trait_method(other.file, other_symbol).is_some())
        };
        let resolved_by_others = !sibling_alike
            && (!caller_alike || caller.is_some_and(|caller| trait_alike(&steps[caller])))
            && (!callee_alike
                || steps[at + 1..]
                    .iter()
                    .take_while(|later| later.depth > step.depth)
                    .filter(|later| later.depth == step.depth + 1 && named(later))
                    .all(trait_alike));
        if resolved_by_others {
            return name;
        }
        let file_name = step.file.path.file_name();
        let stem = file_name.split('.').next().unwrap_or(file_name);
        format!("{stem}.{name}")
    }

    /// A module page's "How calls flow" section (empty when no flow is long enough) and the
    /// facts it adds to the page's inputs (names and files, no lines), found once per module.
    pub(crate) fn module_flow_texts(
        &self,
        module: &str,
        files: &[&'a FileMap],
    ) -> std::sync::Arc<(String, String)> {
        if let Some(found) = self
            .module_flows
            .lock()
            .ok()
            .and_then(|known| known.get(module).cloned())
        {
            return found;
        }
        let flows = self.module_flows(files);
        let found = std::sync::Arc::new((self.flow_section(&flows), self.flow_facts(&flows)));
        if let Ok(mut known) = self.module_flows.lock() {
            known.insert(module.to_string(), found.clone());
        }
        found
    }

    fn flow_section(&self, flows: &[Vec<Step<'a>>]) -> String {
        self.flows_under(
            flows,
            "## How calls flow",
            // Neither "the most used" nor "the longest": the longest flows among those of the
            // public functions other files use most are shown (structlog's
            // `recreate_defaults`, used by 2 files, beside `configure`, used by 11, whose calls
            // end sooner; zerolog's `Logger.Err` flow is longer than those shown).
            "calls traced from its most used public functions and entry points",
        )
    }

    /// The onboarding page's "How a run starts": what the project's entry points call, with
    /// the facts it adds to the page's inputs. Empty when no entry point's flow is long enough.
    pub(crate) fn entry_flow_texts(&self, entries: &[Definition<'a>]) -> (String, String) {
        let mut known = Callees::new();
        let flows: Vec<Vec<Step<'a>>> = entries
            .iter()
            .map(|entry| self.flow(*entry, &mut known))
            .filter(|steps| steps.len() >= 3)
            .take(MAX_FLOWS)
            .collect();
        (
            self.flows_under(
                &flows,
                "## How a run starts",
                "calls traced from the entry points",
            ),
            self.flow_facts(&flows),
        )
    }

    fn flows_under(&self, flows: &[Vec<Step<'a>>], heading: &str, lead: &str) -> String {
        // Roots named alike (two programs' `main`) say which file each is in.
        let root_labels: Vec<String> = flows
            .iter()
            .map(|steps| self.flow_label(steps, 0))
            .collect();
        if flows.is_empty() {
            return String::new();
        }
        // Each call under its caller in the order the code writes them, `MAX_DEPTH` levels
        // deep. Left out: calls into other projects, calls on values whose type is written
        // neither at the call nor in a Go or Rust caller's parameters, calls of a name defined
        // more than once under different conditions (Go's build constraints aside: the
        // definition most builds compile is followed) and calls inside functions a caller
        // stores to run later. A paragraph saying so on every page told the reader about the
        // tool, not the code; the heading says the flows are the traced calls.
        let mut out = format!("{heading} ({lead}, {MAX_DEPTH} levels deep)\n\n");
        for (flow, steps) in flows.iter().enumerate() {
            for (at, step) in steps.iter().enumerate() {
                let Some(symbol) = step.file.parsed.symbols.get(step.symbol) else {
                    continue;
                };
                let name = self.flow_label(steps, at);
                let citation = self.symbol_citation_as(step.file, symbol, &name);
                let _ = write!(out, "{}- {citation}", "  ".repeat(step.depth));
                let alike = root_labels
                    .iter()
                    .enumerate()
                    .any(|(other, label)| other != flow && *label == name);
                if at == 0 && alike {
                    let _ = write!(out, " in `{}`", step.file.path);
                }
                if step.shown_before {
                    out.push_str(" (followed above)");
                } else if step.more > 0 {
                    let _ = write!(
                        out,
                        " (and {} more traced {} not shown)",
                        step.more,
                        if step.more == 1 { "call" } else { "calls" }
                    );
                }
                out.push('\n');
            }
            out.push('\n');
        }
        out
    }

    fn flow_facts(&self, flows: &[Vec<Step<'a>>]) -> String {
        let mut out = String::new();
        for steps in flows {
            for (at, step) in steps.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "flow {} {} {} {} {}",
                    step.depth,
                    step.file.path,
                    self.flow_label(steps, at),
                    step.shown_before,
                    step.more
                );
            }
        }
        out
    }
}

/// How a file row's callers note starts: the calls of tests, examples and benchmarks are
/// not read, which the sentence says (indicatif's `MultiProgress::add` is called by every
/// test); and only the calls whose target the code makes certain are traced (not those on a
/// struct's field, `r.regexp.setMatch`), so the list is never read as complete.
const CALLERS_LEAD: &str = "Traced calls from other files (tests and examples aside) reach its";

impl<'a> Context<'a> {
    /// The definitions of other files that the definition `symbol` of `file` calls, as
    /// citations in the order first written (godotenv's `main` calls `godotenv.Exec`).
    pub(crate) fn calls_elsewhere(&self, file: &'a FileMap, symbol: usize) -> Vec<String> {
        self.callees_of(file, symbol, None)
            .into_iter()
            .filter(|((definer, _), _)| !std::ptr::eq(*definer, file))
            .filter_map(|((definer, at), _)| {
                let callee = definer.parsed.symbols.get(at)?;
                let shown = match definer.language {
                    // A Go function as its caller writes it: `godotenv.Exec`.
                    Language::Go if callee.parent.is_none() => {
                        format!("{}.{}", definer.parsed.package.as_deref()?, callee.name)
                    }
                    _ => self.flow_name(definer, callee),
                };
                Some(self.symbol_citation_as(definer, callee, &shown))
            })
            .collect()
    }

    /// What other files call of `file`: "Other files call its `node.getValue` (from
    /// `Router.ServeHTTP`) and `node.addRoute` (from `Router.Handle`)." The calls are read
    /// only in the files that use its names, and only those of its names; the calls of tests,
    /// examples and benchmarks are left out. `None` when no call from another file reaches it.
    pub(crate) fn callers_note(&self, file: &'a FileMap) -> Option<String> {
        if let Some(found) = self
            .callers_notes
            .lock()
            .ok()
            .and_then(|known| known.get(file.path.as_str()).cloned())
        {
            return found;
        }
        let found = self.find_callers_note(file);
        if let Ok(mut known) = self.callers_notes.lock() {
            known.insert(file.path.to_string(), found.clone());
        }
        found
    }

    fn find_callers_note(&self, file: &'a FileMap) -> Option<String> {
        // Per definition of `file` called: its callers, each once.
        let mut called: Vec<(usize, Vec<Definition<'a>>)> = Vec::new();
        for (from, names) in self.referrers.get(file.path.as_str())? {
            let Some(&caller_file) = self.files.get(from) else {
                continue;
            };
            // What the project's own code calls, not its tests, examples or benchmarks.
            if cartograph_graph::is_test_path(&caller_file.path)
                || crate::structural::in_example_suite(&caller_file.path)
                || cartograph_graph::is_benchmark_path(&caller_file.path)
            {
                continue;
            }
            for site in caller_file.parsed.calls.iter() {
                // A call on the object itself or its bases (`self.get_signature()`,
                // `super().unsign()`) may reach an inherited method of this file.
                let named = names.contains(&site.name)
                    || matches!(site.receiver, Receiver::Named(on) if names.contains(&on))
                    || matches!(site.receiver, Receiver::Own | Receiver::Named("super"));
                let Some(caller) = caller_file.parsed.symbols.get(site.caller) else {
                    continue;
                };
                // A Rust file's unit tests are tests too.
                if !named || caller_file.parsed.in_test_code(caller.line) {
                    continue;
                }
                let Some((definer, at)) = self.callee(caller_file, caller, site) else {
                    continue;
                };
                if !std::ptr::eq(definer, file) {
                    continue;
                }
                let by = (caller_file, site.caller);
                match called.iter_mut().find(|(known, _)| *known == at) {
                    Some((_, callers)) => {
                        if !callers.iter().any(|(other, other_at)| {
                            std::ptr::eq(*other, by.0) && *other_at == by.1
                        }) {
                            callers.push(by);
                        }
                    }
                    None => called.push((at, vec![by])),
                }
            }
        }
        // The definitions most callers reach first; ties in file order.
        called.sort_by_key(|(at, callers)| (std::cmp::Reverse(callers.len()), *at));
        let shown: Vec<String> = called
            .iter()
            .take(MAX_CALLED_SHOWN)
            .filter_map(|(at, callers)| {
                let symbol = file.parsed.symbols.get(*at)?;
                let (caller_file, caller_at) = *callers.first()?;
                let caller = caller_file.parsed.symbols.get(caller_at)?;
                // Only the calls whose target is certain are found: "at least".
                let more = match callers.len() - 1 {
                    0 => String::new(),
                    more => format!(" and at least {more} more"),
                };
                Some(format!(
                    "{} (from {}{more})",
                    self.symbol_citation_as(file, symbol, &self.flow_name(file, symbol)),
                    self.symbol_citation_as(
                        caller_file,
                        caller,
                        &self.flow_name(caller_file, caller)
                    )
                ))
            })
            .collect();
        let rest = called.len().saturating_sub(shown.len());
        match shown.as_slice() {
            [] => None,
            [only] if rest == 0 => Some(format!("{CALLERS_LEAD} {only}.")),
            [first, second] if rest == 0 => Some(format!("{CALLERS_LEAD} {first} and {second}.")),
            shown => Some(format!(
                "{CALLERS_LEAD} {} and at least {rest} more of its definitions.",
                shown.join(", ")
            )),
        }
    }
}

/// Languages where a bare call inside a method may be a call of the class's own method.
fn bare_calls_reach_methods(language: Language) -> bool {
    matches!(
        language,
        Language::Java | Language::CSharp | Language::Cpp | Language::Ruby
    )
}

/// Languages where one name may be defined several times with different parameters, the
/// call choosing by its arguments (Python's `self` and conditional definitions would make a
/// count mislead).
fn overloads_by_arity(language: Language) -> bool {
    matches!(language, Language::Java | Language::CSharp | Language::Cpp)
}

/// The function `name` defined at the top level of `file` (no parent, or a module as parent)
/// that a call with `arguments` arguments reaches.
fn top_level_function(file: &FileMap, name: &str, arguments: Option<u32>) -> Option<usize> {
    only(file, arguments, |symbol| {
        symbol.kind == SymbolKind::Function
            && symbol.name.as_str() == name
            && symbol.parent.is_none()
    })
}

/// The one symbol of `file` that `matches`; when several do (overloads: Java's
/// `Validate.isTrue(boolean)` and `isTrue(boolean, String)`), the one whose parameters take
/// the call's `arguments`, if only one does. `None` when none does, or several remain:
/// overloads the argument count does not choose between (the types do), and definitions made
/// twice under conditions, unless Rust's, made alike.
fn only(
    file: &FileMap,
    arguments: Option<u32>,
    matches: impl Fn(&Symbol) -> bool,
) -> Option<usize> {
    let found: Vec<usize> = file
        .parsed
        .symbols
        .iter()
        .enumerate()
        .filter(|(_, symbol)| matches(symbol))
        .map(|(at, _)| at)
        .collect();
    if let [at] = found.as_slice() {
        return Some(*at);
    }
    // A Rust function written once per `cfg` with the same signature (thread_local's
    // `thread_id::get()`, under `feature = "nightly"` and not): the first stands for them.
    let signature = |at: &usize| {
        file.parsed
            .symbols
            .get(*at)
            .map(|symbol| symbol.signature.trim())
    };
    if file.language == Language::Rust
        && found.len() > 1
        && found
            .iter()
            .all(|at| signature(at) == found.first().and_then(signature))
    {
        return found.first().copied();
    }
    if !overloads_by_arity(file.language) {
        return None;
    }
    let arguments = arguments?;
    let mut fitting = found.into_iter().filter(|&at| {
        file.parsed.symbols.get(at).is_some_and(|symbol| {
            takes_arguments(&symbol.signature, &symbol.name, arguments as usize)
        })
    });
    match (fitting.next(), fitting.next()) {
        (Some(at), None) => Some(at),
        _ => None,
    }
}

/// Whether the parameters `signature` writes for `name` may take `arguments` arguments: as
/// many as it has, fewer down to those without a default (`int x = 0`), or more when the last
/// is variadic (`String... args`, `params object[] args`, `*args`). A list the signature's
/// line does not close may take any number.
fn takes_arguments(signature: &str, name: &str, arguments: usize) -> bool {
    let Some(open) = signature
        .match_indices(name)
        .map(|(at, _)| at + name.len())
        .find(|&end| signature[end..].trim_start().starts_with('('))
        .and_then(|end| signature[end..].find('(').map(|at| end + at + 1))
    else {
        return true;
    };
    let mut depth = 0usize;
    let mut parameters: Vec<&str> = Vec::new();
    let mut start = open;
    let mut close = None;
    for (at, c) in signature[open..].char_indices() {
        let at = open + at;
        match c {
            '(' | '[' | '{' | '<' => depth += 1,
            ')' if depth == 0 => {
                close = Some(at);
                break;
            }
            ')' | ']' | '}' | '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parameters.push(&signature[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    let Some(close) = close else {
        return true;
    };
    parameters.push(&signature[start..close]);
    let parameters: Vec<&str> = parameters
        .into_iter()
        .map(str::trim)
        .filter(|parameter| !parameter.is_empty() && *parameter != "void")
        .collect();
    let variadic = parameters.last().is_some_and(|last| {
        last.contains("...") || last.starts_with("params ") || last.starts_with('*')
    });
    let required = parameters
        .iter()
        .filter(|parameter| !parameter.contains('='))
        .count();
    if variadic {
        arguments + 1 >= required
    } else {
        (required..=parameters.len()).contains(&arguments)
    }
}

/// The method `name` of `parent` in `file` that a call with `arguments` arguments reaches; a
/// parent's type arguments do not count (a Rust `impl<'a> Input<'a>` holds the methods of
/// `Input`).
fn method_in(file: &FileMap, parent: &str, name: &str, arguments: Option<u32>) -> Option<usize> {
    let parent = without_type_arguments(parent);
    only(file, arguments, |symbol| {
        matches!(symbol.kind, SymbolKind::Method | SymbolKind::Function)
            && symbol.name.as_str() == name
            && symbol
                .parent
                .as_deref()
                .is_some_and(|own| without_type_arguments(own) == parent)
    })
}

/// A Rust trait method's name by its trait: `<EnvFilter as Layer<S>>::register_callsite` for
/// the method of `impl<S> Layer<S> for EnvFilter`; `None` for any other definition.
fn rust_trait_method(file: &FileMap, symbol: &Symbol) -> Option<String> {
    if file.language != Language::Rust || symbol.kind != SymbolKind::Method {
        return None;
    }
    let (trait_name, owner) = symbol.parent.as_deref()?.split_once(" for ")?;
    Some(format!(
        "<{} as {}>::{}",
        without_type_arguments(owner),
        trait_name.trim(),
        symbol.name
    ))
}

/// `Input` of `Input<'a>`.
fn without_type_arguments(name: &str) -> &str {
    name.split('<').next().unwrap_or(name).trim_end()
}

/// Whether `file` defines a type called `name`.
fn defines_type(file: &FileMap, name: &str) -> bool {
    file.parsed.symbols.iter().any(|symbol| {
        symbol.name.as_str() == name
            && matches!(
                symbol.kind,
                SymbolKind::Class
                    | SymbolKind::Struct
                    | SymbolKind::Enum
                    | SymbolKind::Union
                    | SymbolKind::Trait
                    | SymbolKind::Interface
                    | SymbolKind::Type
                    | SymbolKind::TypeAlias
            )
    })
}

/// Whether `named`, written before a call, names `file` as a module or package: Go's package
/// clause, a file's stem (`utils` for `utils.py`, `expand` for `expand.rs`), a package
/// directory's name (`json` for `json/__init__.py`, `ast` for `ast/mod.rs`).
fn is_named_module(file: &FileMap, named: &str) -> bool {
    if file.parsed.package.as_deref() == Some(named) {
        return true;
    }
    let name = file.path.file_name();
    let stem = name.split('.').next().unwrap_or(name);
    let dir_name = file.path.parent().rsplit('/').next().unwrap_or("");
    stem == named || (matches!(stem, "__init__" | "mod" | "index") && dir_name == named)
}

/// How narrowly a file's Go build constraint builds it, the broadest first: no constraint,
/// left out on a few platforms, built on a few only, off without a custom tag.
fn build_breadth(file: &FileMap) -> u8 {
    match file.parsed.build_constraint.as_deref() {
        None => 0,
        Some(constraint) if !constraint.default_build => 3,
        Some(constraint) if !constraint.only_on.is_empty() => 2,
        Some(constraint) if !constraint.never_on.is_empty() => 1,
        Some(_) => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::takes_arguments;

    #[test]
    fn a_signature_takes_as_many_arguments_as_its_parameters_allow() {
        let two = "public static <K, V> void put(Map<K, V> map, K key) {";
        assert!(takes_arguments(two, "put", 2));
        assert!(!takes_arguments(two, "put", 1) && !takes_arguments(two, "put", 3));
        let varargs = "public static void isTrue(boolean v, String msg, Object... args) {";
        assert!(takes_arguments(varargs, "isTrue", 2) && takes_arguments(varargs, "isTrue", 5));
        assert!(!takes_arguments(varargs, "isTrue", 1));
        let defaults = "public void Write(string text, int width = 0, bool pad = false)";
        assert!(takes_arguments(defaults, "Write", 1) && takes_arguments(defaults, "Write", 3));
        assert!(!takes_arguments(defaults, "Write", 0) && !takes_arguments(defaults, "Write", 4));
        assert!(takes_arguments("int count(void);", "count", 0));
        // A list the first line does not close may take any number.
        assert!(takes_arguments("public Builder(String name,", "Builder", 7));
    }
}
