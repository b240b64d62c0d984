// A small document model (titles, headings, paragraphs, rules) and its rendering to PDF with
// cairo and pango, for certificates and the user guide in every EU language and script.
// Thread-safe: Render may run on several threads at once; each call builds its own pango font
// map, context and cairo surface and shares no pango or cairo object with any other call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace pass::pdf {

struct Block {
  enum class Kind {
    kTitle,      // the document's title, large, once at the top
    kHeading,    // a section heading; kept on the same page as the first line after it
    kParagraph,  // body text
    kSmall,      // fine print: notes, references
    kSpacer,     // vertical space (its text is ignored); dropped at the top of a page
    kRule,       // a thin horizontal line across the text width (its text is ignored)
  };
  Kind kind = Kind::kParagraph;
  std::string text;  // UTF-8 plain text, drawn literally (never read as markup); '\n' breaks lines
};

struct Document {
  std::string title;     // PDF metadata Title
  std::string author;    // PDF metadata Author
  std::string subject;   // PDF metadata Subject; optional
  std::string language;  // BCP 47 ("sv", "el", "bg"): shaping and line breaking; empty is "en"
  // PDF metadata CreationDate, from the caller's Clock; without it cairo writes the system time.
  std::optional<Timestamp> created;
  std::vector<Block> blocks;
  // Drawn at the bottom left of every page (cut with an ellipsis when too long); the page number
  // "n / N" is drawn at the bottom right.
  std::string footer;
};

// The PDF bytes of `doc`: A4 pages with 20 mm margins, text wrapped to the width and broken across
// pages between lines, set in DejaVu Serif and DejaVu Sans (package fonts-dejavu-core; without
// them fontconfig substitutes another font). The text stays text: it can be searched, copied and
// read back by pdftotext. An empty document is one empty page with its footer. Text or metadata
// that is not valid UTF-8 (or holds NUL) is the caller's bug and an Internal error, as is a cairo
// failure (out of memory).
Result<std::string> Render(const Document& doc);

}  // namespace pass::pdf
