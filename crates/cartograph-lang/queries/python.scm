; Python: definitions and imports. See `src/languages/mod.rs` for the capture conventions.

(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class
(type_alias_statement left: (type (identifier) @name)) @definition.type_alias

; Module-level constants: assignments to UPPER_CASE names.
(module
  (expression_statement
    (assignment left: (identifier) @name)) @definition.constant
  (#match? @name "^_*[A-Z][A-Z0-9_]*$"))

; Module-level type aliases and type-like names: a CapWords name given a type expression
; (`Scope = MutableMapping[str, Any]`, `Id = int | str`, `Json = typing.Any`, `UserId =
; NewType("UserId", int)`, `Client = BaseClient`), annotated or not.
(module
  (expression_statement
    (assignment
      left: (identifier) @name
      right: [(subscript) (binary_operator) (attribute) (identifier) (call)])) @definition.type_alias
  (#match? @name "^_*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$"))

(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import))
(import_from_statement module_name: (_) @import.from)
