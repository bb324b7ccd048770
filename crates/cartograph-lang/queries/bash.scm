; Bash: functions and sourced files. See `src/languages/mod.rs` for the capture conventions.

(function_definition name: (word) @name) @definition.function

(command
  name: (command_name (word) @_source)
  .
  argument: (_) @import
  (#any-of? @_source "source" "."))
