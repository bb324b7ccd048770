; C++: definitions and includes. See `src/languages/mod.rs` for the capture conventions.
; Function names sit inside declarators; `LanguageSupport::name` digs them out, and a
; declaration that declares no function (`int x;`) has no name and is dropped.

(namespace_definition name: (_) @name) @definition.module
(class_specifier name: (_) @name body: (_)) @definition.class
(struct_specifier name: (_) @name body: (_)) @definition.struct
(union_specifier name: (_) @name body: (_)) @definition.union
(enum_specifier name: (_) @name body: (_)) @definition.enum

(function_definition declarator: (_) @name) @definition.function
(declaration declarator: (_) @name) @prototype.function
(field_declaration declarator: (_) @name) @prototype.function

(type_definition
  type: (struct_specifier !name body: (_))
  declarator: (type_identifier) @name) @definition.struct
(type_definition declarator: (type_identifier) @name) @definition.type_alias
(alias_declaration name: (type_identifier) @name) @definition.type_alias
(concept_definition name: (identifier) @name) @definition.type_alias

(preproc_def name: (identifier) @name value: (_)) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro

(preproc_include path: (_) @import)
