; Rust: definitions and imports. See `src/languages/mod.rs` for the capture conventions.

(function_item name: (identifier) @name) @definition.function
(function_signature_item name: (identifier) @name) @definition.function
(struct_item name: (type_identifier) @name) @definition.struct
(enum_item name: (type_identifier) @name) @definition.enum
(union_item name: (type_identifier) @name) @definition.union
(trait_item name: (type_identifier) @name) @definition.trait
(impl_item type: (_) @name) @definition.impl
(type_item name: (type_identifier) @name) @definition.type_alias
(const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.variable
(mod_item name: (identifier) @name) @definition.module
(macro_definition name: (identifier) @name) @definition.macro

(use_declaration argument: (_) @import)
(mod_item name: (identifier) @import.mod)
; Paths in code that may name a module: `crate::a::f()`, `super::T`, `other_crate::x`.
(scoped_identifier name: (identifier) @import.path)
(scoped_type_identifier name: (type_identifier) @import.path)
; Paths in a macro's arguments, which the grammar keeps as tokens: `fuzz_target!(|d| {
; httparse::Request::new(…) })`.
(macro_invocation macro: (_) @import.macro_paths)
; Paths in a `macro_rules!` expansion (`$crate::Level::Error`): the defining crate's.
(macro_rule right: (token_tree) @import.rule_paths)
(extern_crate_declaration name: (identifier) @import.extern_crate)
; `#![doc = include_str!("../docs/x.md")]`: the module's doc kept in a document.
(attribute value: (macro_invocation) @import.doc_include)
