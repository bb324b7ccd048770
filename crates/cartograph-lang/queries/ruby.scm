; Ruby: definitions and requires. See `src/languages/mod.rs` for the capture conventions.

(class name: (_) @name) @definition.class
(module name: (_) @name) @definition.module
(method name: (_) @name) @definition.function
(singleton_method name: (_) @name) @definition.method
(assignment left: (constant) @name) @definition.constant

(call
  method: (identifier) @_require
  arguments: (argument_list . (string (string_content) @import))
  (#any-of? @_require "require" "load"))
(call
  method: (identifier) @_require
  arguments: (argument_list . (string (string_content) @import.relative))
  (#eq? @_require "require_relative"))
(call
  method: (identifier) @_autoload
  arguments: (argument_list (_) . (string (string_content) @import))
  (#eq? @_autoload "autoload"))
