; TypeScript and TSX: definitions and imports. See `src/languages/mod.rs` for the capture
; conventions. Both grammars share this query.

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(function_signature name: (identifier) @name) @prototype.function
(class_declaration name: (type_identifier) @name) @definition.class
(abstract_class_declaration name: (type_identifier) @name) @definition.class
(class_body (method_definition name: (_) @name) @definition.method)
(class_body (abstract_method_signature name: (_) @name) @definition.method)
(class_body (method_signature name: (_) @name) @prototype.method)
(class_body
  (public_field_definition
    name: (_) @name
    value: [(arrow_function) (function_expression)]) @definition.method)
(interface_declaration name: (type_identifier) @name) @definition.interface
(interface_body (method_signature name: (_) @name) @definition.method)
(type_alias_declaration name: (type_identifier) @name) @definition.type_alias
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: (_) @name) @definition.module
(module name: (_) @name) @definition.module

; Top-level functions and classes held in variables, then exported constants and variables.
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)]) @definition.function))
(program
  (variable_declaration
    (variable_declarator
      name: (identifier) @name
      value: [(arrow_function) (function_expression) (generator_function)]) @definition.function))
(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator
        name: (identifier) @name
        value: [(arrow_function) (function_expression) (generator_function)]) @definition.function)))
; A function value behind a type assertion or in parentheses is still a function:
; zustand's `export const create = (<T>(createState) => ...) as Create`.
(program
  (lexical_declaration
    (variable_declarator
      name: (identifier) @name
      value: [
        (as_expression . [(arrow_function) (function_expression)
                          (parenthesized_expression [(arrow_function) (function_expression)])])
        (satisfies_expression . [(arrow_function) (function_expression)
                                 (parenthesized_expression [(arrow_function) (function_expression)])])
        (parenthesized_expression [(arrow_function) (function_expression)])
      ]) @definition.function))
(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator
        name: (identifier) @name
        value: [
          (as_expression . [(arrow_function) (function_expression)
                            (parenthesized_expression [(arrow_function) (function_expression)])])
          (satisfies_expression . [(arrow_function) (function_expression)
                                   (parenthesized_expression [(arrow_function) (function_expression)])])
          (parenthesized_expression [(arrow_function) (function_expression)])
        ]) @definition.function)))
(program
  (lexical_declaration
    (variable_declarator name: (identifier) @name value: (class)) @definition.class))
(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator name: (identifier) @name value: (class)) @definition.class)))
(program
  (export_statement
    declaration: (lexical_declaration
      kind: "const"
      (variable_declarator name: (identifier) @name) @definition.constant)))
(program
  (export_statement
    declaration: (lexical_declaration
      (variable_declarator name: (identifier) @name) @definition.variable)))
(program
  (export_statement
    declaration: (variable_declaration
      (variable_declarator name: (identifier) @name) @definition.variable)))

;; A declaration file's ambient constants and variables (ansi-styles' `index.d.ts`: `declare
;; const ansiStyles: {...}; export default ansiStyles;`), exported or not.
(program
  (ambient_declaration
    (lexical_declaration
      kind: "const"
      (variable_declarator name: (identifier) @name) @definition.constant)))
(program
  (export_statement
    declaration: (ambient_declaration
      (lexical_declaration
        kind: "const"
        (variable_declarator name: (identifier) @name) @definition.constant))))

;; Names a destructuring binds at module level (`const { a, b: c } = f()`, `const [x] = f()`),
;; declared with `export` or not.
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (object_pattern
        [(shorthand_property_identifier_pattern) @name @definition.constant
         (pair_pattern value: (identifier) @name @definition.constant)
         (rest_pattern (identifier) @name @definition.constant)]))))
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator
      name: (array_pattern (identifier) @name @definition.constant))))
(program
  (export_statement
    declaration: (lexical_declaration
      kind: "const"
      (variable_declarator
        name: (object_pattern
          [(shorthand_property_identifier_pattern) @name @definition.constant
           (pair_pattern value: (identifier) @name @definition.constant)
           (rest_pattern (identifier) @name @definition.constant)])))))
(program
  (export_statement
    declaration: (lexical_declaration
      kind: "const"
      (variable_declarator
        name: (array_pattern (identifier) @name @definition.constant)))))
;; Any other module-level binding; the module's export clauses decide whether it is a symbol
;; (`const ky = createInstance(); export default ky`): `javascript::settle_module_bindings`.
(program
  (lexical_declaration
    kind: "const"
    (variable_declarator name: (identifier) @name) @definition.constant))
(program
  (lexical_declaration
    (variable_declarator name: (identifier) @name) @definition.variable))
(program
  (variable_declaration
    (variable_declarator name: (identifier) @name) @definition.variable))

(import_statement source: (string) @import)
(import_require_clause source: (string) @import)
(export_statement source: (string) @import.reexport)
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (string) @import)
  (#eq? @_require "require"))
;; deepmerge's tests: require(`..`), a template without substitutions.
(call_expression
  function: (identifier) @_require
  arguments: (arguments . (template_string) @import)
  (#eq? @_require "require")
  (#not-match? @import "[$][{]"))
(call_expression
  function: (import)
  ; Not anchored: a bundler's comment may come first (`import(/* webpackChunkName */ "./x")`).
  arguments: (arguments (string) @import))
