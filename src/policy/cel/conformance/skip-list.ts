/**
 * Conformance tests Rampart does not run, each with the reason. Keys are test-id prefixes
 * (`file/`, `file/section/`, or a full `file/section/test`). The conformance test fails when a
 * non-skipped test fails and when an entry here no longer matches any test (stale entry).
 */
const PROTOBUF =
  'Protocol Buffer messages, wrapper types, enums, containers and qualified names: Rampart rules see JSON-like documents and declare no protobuf types.';
const EXTENSIONS =
  'cel-go extension library (strings, math, encoders, cel.block, two-variable comprehensions) is not part of cel-js; Rampart ships its own functions instead (docs/cel.md).';
const TIME =
  'timestamp/duration edge cases (nanosecond precision, range limits, numeric time zones, int/string conversion) differ in cel-js; policy rules do not use time values.';
const BYTES =
  'bytes ordering, raw bytes literals and UTF-8 validation are not supported by cel-js; documents never contain bytes.';
const NUMERIC =
  'cel-js type-checks literal comparisons strictly (no cross-type numeric equality between int/uint/double literals) and has no int(uint); document values are dyn, where int/double equality works.';
const OVERFLOW =
  'cel-js does not raise the 64-bit range/overflow errors for these conversions and negations.';
const TYPE_VALUES = 'type denotations null_type and optional_type are not available in cel-js.';
const HAS_LITERALS =
  'has() on map literals and backtick-quoted field names are not supported by cel-js; has() and .? on document fields (what rules use) work.';
const CHECKED =
  'cel-js type-checks before evaluating, so type errors CEL would absorb at run time (false && 32, unknown function under ||, mixed ternary branches) are rejected; Rampart type-checks every rule at load anyway.';
const OPTIONALS =
  'optional library beyond .?, [?], of, none, or, orValue, hasValue, value is missing in cel-js (ofNonZeroValue, optMap, optFlatMap, optional equality, {?k: v} / [?x] entries).';
const OPTIONAL_ERRORS =
  'selecting a field of an optional value: cel-js yields none where CEL requires an error.';
const INFERENCE =
  'cel-js comprehension type inference for an empty list literal and for map-key iteration variables.';

export const CONFORMANCE_SKIPS: Readonly<Record<string, string>> = {
  'proto2/': PROTOBUF,
  'proto3/': PROTOBUF,
  'proto2_ext/': PROTOBUF,
  'enums/': PROTOBUF,
  'wrappers/': PROTOBUF,
  'dynamic/': PROTOBUF,
  'type_deductions/': PROTOBUF,
  'namespace/': PROTOBUF,
  'comparisons/eq_wrapper/': PROTOBUF,
  'comparisons/eq_literal/not_eq_dyn_proto': PROTOBUF,
  'comparisons/eq_literal/eq_dyn_json_null': PROTOBUF,
  'comparisons/ne_literal/ne_proto': PROTOBUF,
  'comparisons/bound/uint_eq_right_false': PROTOBUF,
  'fields/qualified_identifier_resolution/': PROTOBUF,
  'parse/struct_field_names/': PROTOBUF,
  'parse/whitespace/': PROTOBUF,
  'parse/comments/': PROTOBUF,
  'parse/nest/message_literal': PROTOBUF,
  'parse/repeat/select': PROTOBUF,
  'parse/repeat/message_literal': PROTOBUF,
  'optionals/optionals/has_optional_ofNonZeroValue_struct': PROTOBUF,
  'optionals/optionals/optional_ofNonZeroValue_struct': PROTOBUF,
  'optionals/optionals/struct_': PROTOBUF,
  'optionals/optionals/empty_struct_optindex_hasValue': PROTOBUF,
  'optionals/optionals/optional_empty_struct_optindex_hasValue': PROTOBUF,
  'optionals/optionals/optional_struct_optindex': PROTOBUF,

  'string_ext/': EXTENSIONS,
  'math_ext/': EXTENSIONS,
  'encoders_ext/': EXTENSIONS,
  'block_ext/': EXTENSIONS,
  'macros2/': EXTENSIONS,

  'timestamps/': TIME,
  'conversions/identity/': TIME,
  'conversions/int/timestamp': TIME,

  'basic/self_eval_nonzeroish/self_eval_bytes_escape': BYTES,
  'comparisons/eq_literal/eq_bytes': BYTES,
  'comparisons/ne_literal/not_ne_bytes': BYTES,
  'comparisons/lt_literal/lt_bytes': BYTES,
  'comparisons/lt_literal/not_lt_bytes': BYTES,
  'comparisons/gt_literal/gt_bytes': BYTES,
  'comparisons/gt_literal/not_gt_bytes': BYTES,
  'comparisons/lte_literal/lte_bytes': BYTES,
  'comparisons/lte_literal/not_lte_bytes': BYTES,
  'comparisons/gte_literal/gte_bytes': BYTES,
  'comparisons/gte_literal/not_gte_bytes': BYTES,
  'comparisons/bound/bytes_gt_left_false': BYTES,
  'conversions/string/bytes_invalid': BYTES,
  'parse/bytes_literals/raw_': BYTES,
  'parse/bytes_literals/upper_raw_': BYTES,

  'comparisons/eq_literal/eq_list_mixed_type_numbers': NUMERIC,
  'comparisons/eq_literal/eq_map_mixed_type_numbers': NUMERIC,
  'comparisons/eq_literal/eq_mixed_types': NUMERIC,
  'comparisons/eq_literal/eq_list_elem_mixed_types': NUMERIC,
  'comparisons/eq_literal/not_eq_list_length': NUMERIC,
  'comparisons/ne_literal/ne_mixed_types': NUMERIC,
  'comparisons/lt_literal/not_lt_dyn_int_big_lossy_double': NUMERIC,
  'comparisons/gt_literal/not_gt_dyn_big_double_int': NUMERIC,
  'comparisons/gt_literal/not_gt_double': NUMERIC,
  'comparisons/lte_literal/lte_dyn_big_double_int': NUMERIC,
  'comparisons/gte_literal/gte_dyn_int_big_lossy_double': NUMERIC,
  'conversions/int/uint': NUMERIC,
  'lists/index/zero_based_uint': NUMERIC,
  'lists/in/uint_in_ints': NUMERIC,
  'lists/in/uint_in_doubles': NUMERIC,
  'lists/in/int_in_uints': NUMERIC,
  'lists/in/double_in_uints': NUMERIC,
  'parse/nest/funcall': NUMERIC,

  'conversions/int/double_int_max_range': OVERFLOW,
  'conversions/int/double_int_min_range': OVERFLOW,
  'conversions/int/double_range': OVERFLOW,
  'conversions/uint/double_uint_max_range': OVERFLOW,
  'integer_math/int64_math/int64_min_negate': OVERFLOW,

  'conversions/type/null_type': TYPE_VALUES,
  'optionals/optionals/type': TYPE_VALUES,

  'fields/map_has/': HAS_LITERALS,
  'fields/quoted_map_fields/': HAS_LITERALS,
  'optionals/optionals/has_map_optindex': HAS_LITERALS,
  'optionals/optionals/map_optional_has': HAS_LITERALS,
  'optionals/optionals/map_optional_select_has': HAS_LITERALS,
  'optionals/optionals/map_optional_entry_has': HAS_LITERALS,
  'optionals/optionals/optional_chaining_9': HAS_LITERALS,
  'optionals/optionals/ternary_optional_hasValue': HAS_LITERALS,

  'basic/functions/unbound_is_runtime_error': CHECKED,
  'logic/AND/short_circuit_type_': CHECKED,
  'logic/OR/short_circuit_type_': CHECKED,
  'logic/conditional/mixed_type': CHECKED,
  'parse/receiver_function_names/': CHECKED,

  'optionals/optionals/null_non_zero_value': OPTIONALS,
  'optionals/optionals/none_optMap_hasValue': OPTIONALS,
  'optionals/optionals/empty_map_optFlatMap_hasValue': OPTIONALS,
  'optionals/optionals/map_empty_submap_optFlatMap_hasValue': OPTIONALS,
  'optionals/optionals/map_submap_subkey_optFlatMap_value': OPTIONALS,
  'optionals/optionals/map_submap_optFlatMap_value': OPTIONALS,
  'optionals/optionals/map_optindex_optFlatMap_optional_ofNonZeroValue_hasValue': OPTIONALS,
  'optionals/optionals/optional_of_optMap_value': OPTIONALS,
  'optionals/optionals/optional_ofNonZeroValue_or_optional_value': OPTIONALS,
  'optionals/optionals/optional_chaining_1': OPTIONALS,
  'optionals/optionals/optional_chaining_5': OPTIONALS,
  'optionals/optionals/optional_chaining_12': OPTIONALS,
  'optionals/optionals/optional_chaining_13': OPTIONALS,
  'optionals/optionals/optional_chaining_14': OPTIONALS,
  'optionals/optionals/optional_chaining_15': OPTIONALS,
  'optionals/optionals/optional_chaining_16': OPTIONALS,
  'optionals/optionals/optional_eq_': OPTIONALS,
  'optionals/optionals/optional_ne_': OPTIONALS,
  'optionals/optionals/optional_none_optselect_hasValue': OPTIONALS,
  'optionals/optionals/optional_none_optindex_hasValue': OPTIONALS,

  'optionals/optionals/map_null_entry_no_such_key': OPTIONAL_ERRORS,
  'optionals/optionals/map_present_key_invalid_field': OPTIONAL_ERRORS,
  'optionals/optionals/map_undefined_entry_hasValue': OPTIONAL_ERRORS,

  'macros/all/list_empty': INFERENCE,
  'macros/exists_one/map_one': INFERENCE,
};

/** The reason a test is skipped, or undefined when it must pass. */
export function skipReason(id: string): string | undefined {
  for (const [prefix, reason] of Object.entries(CONFORMANCE_SKIPS)) if (id.startsWith(prefix)) return reason;
  return undefined;
}
