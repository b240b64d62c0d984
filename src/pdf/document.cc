#include "pdf/document.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <glib-object.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <new>
#include <string_view>
#include <utility>
#include <vector>

namespace pass::pdf {
namespace {

// Lengths are in PDF points (1/72 inch), the unit of cairo's PDF surface.
constexpr double kMm = 72.0 / 25.4;
constexpr double kPageWidth = 210 * kMm;  // A4
constexpr double kPageHeight = 297 * kMm;
constexpr double kMargin = 20 * kMm;
constexpr double kTextWidth = kPageWidth - 2 * kMargin;
constexpr double kFooterGap = 6 * kMm;  // between the text area and the footer
constexpr double kRuleWidth = 0.6;
constexpr const char* kFooterFont = "DejaVu Sans 8";
// Far above any certificate or guide chapter, and below what pango's int lengths can hold.
constexpr size_t kMaxTextBytes = size_t{1} << 24;

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using SurfacePtr = std::unique_ptr<cairo_surface_t, Deleter<cairo_surface_destroy>>;
using CairoPtr = std::unique_ptr<cairo_t, Deleter<cairo_destroy>>;
using FontPtr = std::unique_ptr<PangoFontDescription, Deleter<pango_font_description_free>>;
using IterPtr = std::unique_ptr<PangoLayoutIter, Deleter<pango_layout_iter_free>>;
template <typename T>
using GObjectPtr = std::unique_ptr<T, Deleter<g_object_unref>>;

int ToPango(double points) { return static_cast<int>(points * PANGO_SCALE); }
double FromPango(int units) { return static_cast<double>(units) / PANGO_SCALE; }

struct Style {
  const char* font;  // nullptr: the block draws no text
  double space_before;
  double space_after;
};

Style StyleOf(Block::Kind kind) {
  switch (kind) {
    case Block::Kind::kTitle:
      return {"DejaVu Serif Bold 22", 0, 14};
    case Block::Kind::kHeading:
      return {"DejaVu Sans Bold 13", 10, 4};
    case Block::Kind::kParagraph:
      return {"DejaVu Serif 11", 0, 6};
    case Block::Kind::kSmall:
      return {"DejaVu Sans 8.5", 0, 4};
    case Block::Kind::kSpacer:
      return {nullptr, 14, 0};
    case Block::Kind::kRule:
      return {nullptr, 6, 6};
  }
  return {"DejaVu Serif 11", 0, 6};
}

// One slice of the page's height: a line of text, a rule, or (neither) empty space.
struct Entry {
  PangoLayoutLine* line = nullptr;  // owned by its layout, which outlives the entry
  bool rule = false;
  double x = 0;         // from the left margin
  double baseline = 0;  // from the entry's top
  double height = 0;
  double gap = 0;  // space above; left out at the top of a page
  bool keep_with_next = false;
};

struct Placed {
  const Entry* entry;
  double top;
};

using Page = std::vector<Placed>;

bool IsText(std::string_view s) {
  return s.size() <= kMaxTextBytes &&
         g_utf8_validate(s.data(), static_cast<gssize>(s.size()), nullptr) != 0;  // rejects NUL
}

Result<void> CheckText(const Document& doc) {
  for (const std::string* s : {&doc.title, &doc.author, &doc.subject, &doc.language, &doc.footer}) {
    if (!IsText(*s)) return Fail(Internal("pdf: document metadata or footer is not UTF-8 text"));
  }
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    if (!IsText(doc.blocks[i].text)) {
      return Fail(Internal("pdf: block " + std::to_string(i) + " is not UTF-8 text"));
    }
  }
  return {};
}

// `width` 0 leaves the text unwrapped.
GObjectPtr<PangoLayout> NewLayout(PangoContext* context, const char* font, std::string_view text,
                                  double width) {
  GObjectPtr<PangoLayout> layout(pango_layout_new(context));
  const FontPtr description(pango_font_description_from_string(font));
  pango_layout_set_font_description(layout.get(), description.get());
  if (width > 0) {
    pango_layout_set_width(layout.get(), ToPango(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);  // a long URL still fits the width
  }
  // Plain text, never markup: "<b>" and "&" in a name are drawn as they are.
  pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
  return layout;
}

void AppendLines(PangoLayout* layout, double gap, bool keep_with_next, std::vector<Entry>& out) {
  const IterPtr iter(pango_layout_get_iter(layout));
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter.get(), nullptr, &logical);
    out.push_back({.line = pango_layout_iter_get_line_readonly(iter.get()),
                   .x = FromPango(logical.x),
                   .baseline = FromPango(pango_layout_iter_get_baseline(iter.get()) - logical.y),
                   .height = FromPango(logical.height),
                   .gap = gap,
                   .keep_with_next = keep_with_next});
    gap = 0;
  } while (pango_layout_iter_next_line(iter.get()) != 0);
}

// The blocks as entries; `layouts` keeps the lines' layouts alive.
std::vector<Entry> LayOut(const std::vector<Block>& blocks, PangoContext* context,
                          std::vector<GObjectPtr<PangoLayout>>& layouts) {
  std::vector<Entry> entries;
  double space_after = 0;  // of the block before
  for (const Block& block : blocks) {
    const Style style = StyleOf(block.kind);
    const double gap = space_after + style.space_before;
    space_after = style.space_after;
    if (block.kind == Block::Kind::kRule) {
      entries.push_back({.rule = true, .height = kRuleWidth, .gap = gap});
    } else if (style.font == nullptr) {
      // Space between a heading and its text keeps them together as the heading's lines do.
      const bool keep = !entries.empty() && entries.back().keep_with_next;
      entries.push_back({.gap = gap, .keep_with_next = keep});
    } else {
      layouts.push_back(NewLayout(context, style.font, block.text, kTextWidth));
      const bool keep = block.kind == Block::Kind::kTitle || block.kind == Block::Kind::kHeading;
      AppendLines(layouts.back().get(), gap, keep, entries);
    }
  }
  return entries;
}

// The height entry `i` needs on the current page: its own, plus, for a heading, that of every
// entry up to the first line of the text after it.
double Needed(const std::vector<Entry>& entries, size_t i) {
  double needed = 0;
  for (size_t j = i; j < entries.size(); ++j) {
    needed += entries[j].gap + entries[j].height;
    if (!entries[j].keep_with_next) break;
  }
  return needed;
}

std::vector<Page> Paginate(const std::vector<Entry>& entries, double top, double bottom) {
  std::vector<Page> pages(1);
  double y = top;
  for (size_t i = 0; i < entries.size(); ++i) {
    const Entry& entry = entries[i];
    // An entry taller than a whole page stays where it is rather than leaving empty pages.
    if (!pages.back().empty() && y + Needed(entries, i) > bottom) {
      pages.emplace_back();
      y = top;
    }
    if (pages.back().empty() && entry.line == nullptr && !entry.rule) continue;  // space at top
    if (!pages.back().empty()) y += entry.gap;
    if (entry.line != nullptr || entry.rule) pages.back().push_back({&entry, y});
    y += entry.height;
  }
  return pages;
}

void DrawEntries(cairo_t* cr, const Page& page) {
  cairo_set_source_rgb(cr, 0, 0, 0);
  for (const Placed& placed : page) {
    const Entry& entry = *placed.entry;
    if (entry.rule) {
      cairo_set_line_width(cr, kRuleWidth);
      cairo_move_to(cr, kMargin, placed.top + kRuleWidth / 2);
      cairo_line_to(cr, kMargin + kTextWidth, placed.top + kRuleWidth / 2);
      cairo_stroke(cr);
    } else {
      cairo_move_to(cr, kMargin + entry.x, placed.top + entry.baseline);
      pango_cairo_show_layout_line(cr, entry.line);
    }
  }
}

std::string PageLabel(size_t page, size_t pages) {
  return std::to_string(page) + " / " + std::to_string(pages);
}

double LayoutWidth(PangoLayout* layout) {
  int width = 0;
  pango_layout_get_size(layout, &width, nullptr);
  return FromPango(width);
}

double LayoutHeight(PangoLayout* layout) {
  int height = 0;
  pango_layout_get_size(layout, nullptr, &height);
  return FromPango(height);
}

// The footer text on one line: line breaks and tabs become spaces.
std::string OneLine(std::string text) {
  std::ranges::replace_if(
      text, [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  return text;
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_WRITE_ERROR;
  }
}

void SetMetadata(cairo_surface_t* surface, const Document& doc) {
  const std::pair<cairo_pdf_metadata_t, const std::string*> fields[] = {
      {CAIRO_PDF_METADATA_TITLE, &doc.title},
      {CAIRO_PDF_METADATA_AUTHOR, &doc.author},
      {CAIRO_PDF_METADATA_SUBJECT, &doc.subject},
  };
  for (const auto& [field, value] : fields) {
    if (!value->empty()) cairo_pdf_surface_set_metadata(surface, field, value->c_str());
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "PASS");
  if (doc.created) {
    // cairo takes ISO 8601 with an optional "Z" and writes it as a PDF date.
    const std::string date = FormatRfc3339(*doc.created);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date.c_str());
  }
}

Error CairoError(cairo_status_t status) {
  return Internal(std::string("pdf: cairo: ") + cairo_status_to_string(status));
}

}  // namespace

Result<std::string> Render(const Document& doc) {
  PASS_TRY(checked, CheckText(doc));

  std::string pdf;  // declared before the surface, which writes into it until it is finished
  const SurfacePtr surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &pdf, kPageWidth, kPageHeight));
  if (const cairo_status_t s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS) {
    return Fail(CairoError(s));
  }
  SetMetadata(surface.get(), doc);
  {
    const CairoPtr cr(cairo_create(surface.get()));
    // A font map of our own per call: pango objects are not shared between threads, and every
    // font this call loads is released with it.
    const GObjectPtr<PangoFontMap> font_map(pango_cairo_font_map_new());
    const GObjectPtr<PangoContext> context(pango_font_map_create_context(font_map.get()));
    pango_cairo_update_context(cr.get(), context.get());    // the PDF surface's font options
    pango_cairo_context_set_resolution(context.get(), 72);  // font sizes in points = PDF units
    const std::string language = doc.language.empty() ? "en" : doc.language;
    pango_context_set_language(context.get(), pango_language_from_string(language.c_str()));

    std::vector<GObjectPtr<PangoLayout>> layouts;
    const std::vector<Entry> entries = LayOut(doc.blocks, context.get(), layouts);

    // The footer's height decides the text area, and the widest page number the footer's width.
    GObjectPtr<PangoLayout> probe = NewLayout(context.get(), kFooterFont, PageLabel(1, 1), 0);
    const double footer_height = LayoutHeight(probe.get());
    const double footer_top = kPageHeight - kMargin - footer_height;
    const std::vector<Page> pages = Paginate(entries, kMargin, footer_top - kFooterGap);

    probe = NewLayout(context.get(), kFooterFont, PageLabel(pages.size(), pages.size()), 0);
    const double label_width = LayoutWidth(probe.get());
    const GObjectPtr<PangoLayout> footer = NewLayout(
        context.get(), kFooterFont, OneLine(doc.footer), kTextWidth - label_width - kFooterGap);
    pango_layout_set_ellipsize(footer.get(), PANGO_ELLIPSIZE_END);
    pango_layout_set_height(footer.get(), -1);  // one line

    for (size_t i = 0; i < pages.size(); ++i) {
      DrawEntries(cr.get(), pages[i]);
      cairo_set_source_rgb(cr.get(), 0.3, 0.3, 0.3);
      cairo_move_to(cr.get(), kMargin, footer_top);
      pango_cairo_show_layout(cr.get(), footer.get());
      const GObjectPtr<PangoLayout> label =
          NewLayout(context.get(), kFooterFont, PageLabel(i + 1, pages.size()), 0);
      cairo_move_to(cr.get(), kMargin + kTextWidth - LayoutWidth(label.get()), footer_top);
      pango_cairo_show_layout(cr.get(), label.get());
      cairo_show_page(cr.get());
    }
    if (const cairo_status_t s = cairo_status(cr.get()); s != CAIRO_STATUS_SUCCESS) {
      return Fail(CairoError(s));
    }
  }
  cairo_surface_finish(surface.get());  // writes the trailer into `pdf`
  if (const cairo_status_t s = cairo_surface_status(surface.get()); s != CAIRO_STATUS_SUCCESS) {
    return Fail(CairoError(s));
  }
  return pdf;
}

}  // namespace pass::pdf

// LeakSanitizer (the debug build) would fail every program that renders a PDF: fontconfig 2.14
// loses 288 bytes once per process while parsing its configuration files (FcInit, which pango
// runs on its first font map), a leak in Debian's fontconfig that no caller can free. Only
// allocations made inside fontconfig are exempt; every pango and cairo object a call makes is
// freed and still checked (tests/unit/pdf runs with G_SLICE=always-malloc so that LSan sees
// GObjects too). Defined here, in the file every program that renders a PDF links, so the tests
// (by ctest or by hand) and the portal get it without LSAN_OPTIONS or a suppressions file.
#if defined(__SANITIZE_ADDRESS__)
#define PASS_PDF_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PASS_PDF_LSAN 1
#endif
#endif
#ifdef PASS_PDF_LSAN
// NOLINTNEXTLINE(bugprone-reserved-identifier): the name the sanitizer runtime looks up
extern "C" const char* __lsan_default_suppressions() { return "leak:libfontconfig.so\n"; }
#endif
