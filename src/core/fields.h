// Checks every form, import and API field of free text and codes goes through, so that a value
// accepted in one place is accepted in all and every rejection names the field and the rule.
// Field names of list items read "languages[2].level" (1-based), as the forms and files show
// them. Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace pass::fields {

// "list[index+1]" or "list[index+1].member".
std::string Item(std::string_view list, size_t index, std::string_view member = {});

// Characters (Unicode code points) in well-formed UTF-8 text.
size_t CharacterCount(std::string_view utf8);

// C0 controls and DEL; in one-line text also C1 controls (U+0080-U+009F, which NEL is one of)
// and the Unicode line and paragraph separators. Multi-line text may hold tabs and line breaks.
bool HasControlCharacters(std::string_view s, bool allow_newlines);

// One line of text: required or not, valid UTF-8 without control characters, at most `max`
// characters.
void CheckLine(std::vector<FieldError>& out, std::string_view field, std::string_view value,
               bool required, size_t max);

// Free text over several lines, at most `max` characters (the message says how many were typed).
void CheckText(std::vector<FieldError>& out, std::string_view field, std::string_view value,
               size_t max);

// A list of codes: each known (else `unknown_key` with {value}), none twice.
void CheckCodes(std::vector<FieldError>& out, std::string_view field,
                const std::vector<std::string>& values, bool (*known)(std::string_view),
                const char* unknown_key);

}  // namespace pass::fields
