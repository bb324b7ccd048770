; PHP: definitions and imports. See `src/languages/mod.rs` for the capture conventions.

(namespace_definition name: (namespace_name) @name body: (_)) @definition.module
(namespace_definition name: (namespace_name) @name !body) @definition.file_module
(class_declaration name: (name) @name) @definition.class
(interface_declaration name: (name) @name) @definition.interface
(trait_declaration name: (name) @name) @definition.trait
(enum_declaration name: (name) @name) @definition.enum
(function_definition name: (name) @name) @definition.function
(method_declaration name: (name) @name) @definition.method
(const_declaration (const_element (name) @name)) @definition.constant
(enum_case name: (name) @name) @definition.constant

(namespace_use_clause) @import.use
(qualified_name) @import.qualified
(require_expression (_) @import.path)
(require_once_expression (_) @import.path)
(include_expression (_) @import.path)
(include_once_expression (_) @import.path)
