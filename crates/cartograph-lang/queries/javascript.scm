; JavaScript: definitions and imports. See `src/languages/mod.rs` for the capture conventions.
; TypeScript has its own query (`typescript.scm`): its grammar names some nodes differently.

(function_declaration name: (identifier) @name) @definition.function
(generator_function_declaration name: (identifier) @name) @definition.function
(class_declaration name: (identifier) @name) @definition.class
(class_body (method_definition name: (_) @name) @definition.method)
(class_body
  (field_definition
    property: (_) @name
    value: [(arrow_function) (function_expression)]) @definition.method)

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

;; Names a destructuring binds at module level (`const { a, b: c, ...d } = f()`, `const [x] = f()`),
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

;; CommonJS. Functions and classes assigned to a property at the top level: `exports.name`,
;; `module.exports.name` (functions of the module), `app.use` where `app` is an object the module
;; exports, `Router.prototype.route` (a method of `Router`); `explicit_parent` names the object.
;; A chain (`req.get = req.header = function header() {}`) is named by its first property.
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: [(function_expression) (arrow_function) (generator_function)]) @definition.function))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: (assignment_expression
        right: [(function_expression) (arrow_function) (generator_function)])) @definition.function))
(program
  (expression_statement
    (assignment_expression
      left: (member_expression property: (property_identifier) @name)
      right: (class)) @definition.class))
;; The methods, accessors and function-valued properties of the object a CommonJS module exports
;; (koa's `request.js`: `module.exports = { get header () {…}, is (type) {…} }`, also as
;; `const proto = module.exports = {…}`): its API, as members of that object. A setter is the
;; second half of its getter (`get header`, `set header`): the getter stands for both.
(program
  (expression_statement
    (assignment_expression
      left: (member_expression) @_exports
      right: (object
        [(method_definition name: (_) @name) @definition.method
         (pair
           key: (property_identifier) @name
           value: [(function_expression) (arrow_function) (generator_function)]) @definition.method])))
  (#eq? @_exports "module.exports")
  (#not-match? @definition.method "^set\\s+[^\\s(]"))
(program
  (lexical_declaration
    (variable_declarator
      value: (assignment_expression
        left: (member_expression) @_exports
        right: (object
          [(method_definition name: (_) @name) @definition.method
           (pair
             key: (property_identifier) @name
             value: [(function_expression) (arrow_function) (generator_function)]) @definition.method]))))
  (#eq? @_exports "module.exports")
  (#not-match? @definition.method "^set\\s+[^\\s(]"))
;; The same of an object literal an ES module exports by default (axios's `adapters.js`:
;; `export default { getAdapter: (adapters) => {…}, adapters: knownAdapters }`).
(program
  (export_statement
    "default"
    value: (object
      [(method_definition name: (_) @name) @definition.method
       (pair
         key: (property_identifier) @name
         value: [(function_expression) (arrow_function) (generator_function)]) @definition.method]))
  (#not-match? @definition.method "^set\\s+[^\\s(]"))
;; Any other value given to `exports.name` or `module.exports.name` (`exports.etag =
;; createETagGenerator()`, `exports.Router = Router`, debug's `exports.log = console.debug ||
;; console.log`): a variable of the module's API.
(program
  (expression_statement
    (assignment_expression
      left: (member_expression
        object: [(identifier) (member_expression)] @_exports
        property: (property_identifier) @name)
      right: [
        (identifier) (member_expression) (call_expression) (new_expression) (object) (array)
        (string) (number) (true) (false) (template_string) (binary_expression)
        (ternary_expression) (parenthesized_expression)
      ]) @definition.variable)
  (#match? @_exports "^(module\\.)?exports$"))

(import_statement source: (string) @import)
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
