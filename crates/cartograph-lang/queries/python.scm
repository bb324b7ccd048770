; Python: definitions and imports. See `src/languages/mod.rs` for the capture conventions.

(function_definition name: (identifier) @name) @definition.function
(class_definition name: (identifier) @name) @definition.class
(type_alias_statement left: (type (identifier) @name)) @definition.type_alias

; Module-level constants: assignments to UPPER_CASE names, annotated or not, bare annotations
; (`LIMIT: int`) included. Module level includes the blocks of `if`, `try`, `except`, `else`
; and `with` at the top of the file (`try: ... except ImportError: X = Fallback`);
; `Python::name` drops the ones in a class or any other block. A name bound again is one
; symbol, the first (`rebinding_is_one_symbol`).
; An UPPER_CASE name given a CapWords one is another name for a class (marshmallow's `URL = Url`
; beside `Str = String`): a type alias, so this pattern goes before the constants'.
((expression_statement
  (assignment left: (identifier) @name right: (identifier) @_target)) @definition.type_alias
  (#match? @name "^_*[A-Z][A-Z0-9_]*$")
  (#match? @_target "^_*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$"))
; An UPPER_CASE name given a typing construct (arrow's `TZ_EXPR = Union[dt_tzinfo, str]`), or
; annotated `TypeAlias`, is a type alias too.
((expression_statement
  (assignment
    left: (identifier) @name
    right: (subscript value: (_) @_generic))) @definition.type_alias
  (#match? @name "^_*[A-Z][A-Z0-9_]*$")
  (#match? @_generic "^((typing|t|typing_extensions)[.])?(Union|Optional|Literal|Callable|Type|Tuple|Dict|List|Mapping|MutableMapping|Sequence|Iterable|Iterator|Set|FrozenSet|Annotated|TypeGuard)$"))
((expression_statement
  (assignment
    left: (identifier) @name
    type: (type) @_annotation)) @definition.type_alias
  (#match? @_annotation "^((typing|t|typing_extensions)[.])?TypeAlias$"))
((expression_statement
  (assignment left: (identifier) @name)) @definition.constant
  (#match? @name "^_*[A-Z][A-Z0-9_]*$")
  (#not-eq? @name "TYPE_CHECKING"))
; Module metadata (`__version__ = "0.28.1"`, `__title__`, `__author__`): attributes a package's
; users read, often listed in its `__all__`. `__all__` itself is the list, not a name.
((expression_statement
  (assignment left: (identifier) @name)) @definition.constant
  (#match? @name "^__[a-z][a-z0-9_]*__$")
  (#not-eq? @name "__all__"))

; Module-level type aliases and type-like names: a CapWords name given a type expression
; (`Scope = MutableMapping[str, Any]`, `Id = int | str`, `Json = typing.Any`, `UserId =
; NewType("UserId", int)`, `Client = BaseClient`, packaging's `CmpKey = (tuple[…] | tuple[…])`
; written over lines in parentheses), annotated or not, or only declared with its type
; (`AutoHTTPProtocol: type[asyncio.Protocol]`, assigned later in a `try`).
((expression_statement
  (assignment
    left: (identifier) @name
    right: [(subscript) (binary_operator) (attribute) (identifier) (call) (parenthesized_expression)])) @definition.type_alias
  (#match? @name "^_*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$"))
((expression_statement
  (assignment
    left: (identifier) @name
    type: (_)
    !right)) @definition.type_alias
  (#match? @name "^_*[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$"))

; A lowercase name given a union of types (tenacity's `time_unit_type = int | float |
; timedelta`): a type alias, when a builtin type is among its members (`mode = A | B` of flags
; is no type).
((expression_statement
  (assignment
    left: (identifier) @name
    right: (binary_operator) @_value)) @definition.type_alias
  (#match? @name "^[a-z][a-z0-9_]*$")
  (#match? @_value "^[A-Za-z_][A-Za-z0-9_.]*(\\[[^|]*\\])?( *[|] *[A-Za-z_][A-Za-z0-9_.]*(\\[[^|]*\\])?)+$")
  (#match? @_value "(^|[| ])(int|float|str|bytes|bool|complex|None|list|dict|tuple|set|frozenset|type)([| \\[]|$)"))

; Module-level objects made by a call, taken from another or another name for one (pyjwt's
; `encode = _jwt_global_obj.encode`, its tests' `crypto_required = pytest.mark.skipif(...)`,
; tenacity's `wait_full_jitter = wait_random_exponential`, listed in its `__all__`): names other
; modules import. Loggers are left out: every module has one, and no other uses it.
((expression_statement
  (assignment
    left: (identifier) @name
    right: [(call) (attribute) (identifier)] @_value)) @definition.variable
  (#match? @name "^[a-z][a-z0-9_]*$")
  (#not-match? @_value "getLogger"))

; A function chosen when the module loads (wcwidth's `iter_graphemes = (_iter_graphemes_stdlib
; if _HAS_STDLIB else _iter_graphemes_python)`, in its `__all__`).
((expression_statement
  (assignment
    left: (identifier) @name
    right: [(conditional_expression) (parenthesized_expression (conditional_expression))])) @definition.variable
  (#match? @name "^[a-z][a-z0-9_]*$"))

; Names bound together by one call (loguru's `get_ctime, set_ctime = load_ctime_functions()`),
; and a module object declared with its type (its stub's `logger: Logger`).
(expression_statement
  (assignment
    left: (pattern_list (identifier) @name @definition.variable)
    right: (call))
  (#match? @name "^[a-z][a-z0-9_]*$"))
((expression_statement
  (assignment
    left: (identifier) @name
    type: (_)
    !right)) @definition.variable
  (#match? @name "^[a-z][a-z0-9_]*$"))

(import_statement name: (dotted_name) @import)
(import_statement name: (aliased_import name: (dotted_name) @import))
(import_from_statement module_name: (_) @import.from)
