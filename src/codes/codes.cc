#include "codes/codes.h"

#include <algorithm>
#include <array>
#include <utility>

namespace pass::codes {

namespace {

constexpr std::array<std::string_view, 249> kCountries = {
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

constexpr std::array<std::string_view, 27> kEuMemberStates = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"};

constexpr std::array<std::string_view, 184> kLanguages = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi",
    "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de",
    "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr", "fy",
    "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz", "ia",
    "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk",
    "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo",
    "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb", "nd",
    "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi", "pl",
    "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl",
    "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk",
    "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa",
    "wo", "xh", "yi", "yo", "za", "zh", "zu", "sh"};

constexpr std::array<std::string_view, 6> kActivityTypes = {
    "individual_volunteering", "volunteering_team", "humanitarian_aid", "traineeship", "job",
    "solidarity_project"};

constexpr std::array<std::string_view, 16> kTopics = {"social_inclusion",
                                                      "citizenship_democracy",
                                                      "culture_creativity",
                                                      "environment_nature",
                                                      "climate_action",
                                                      "health_wellbeing",
                                                      "education_training",
                                                      "employment_entrepreneurship",
                                                      "digital",
                                                      "sport",
                                                      "migration_integration",
                                                      "peace_reconciliation",
                                                      "disaster_prevention",
                                                      "rural_development",
                                                      "gender_equality",
                                                      "social_welfare"};

// The portal's own skill list: what volunteers bring and what activities need. Grouped by field;
// ESCO has finer codes, which a later mapping can attach to these.
constexpr std::array<std::string_view, 120> kSkills = {
    // Care and support
    "childcare", "elderly_care", "disability_support", "first_aid", "mental_health_awareness",
    "peer_support", "mentoring", "counselling_basics", "care_work", "nutrition",
    // Education and youth work
    "teaching", "tutoring", "language_teaching", "non_formal_education", "youth_work",
    "workshop_facilitation", "curriculum_design", "early_childhood_education", "adult_education",
    "homework_support",
    // Communication and media
    "public_speaking", "writing", "editing", "translation", "interpreting", "journalism",
    "social_media", "photography", "video_production", "podcasting", "graphic_design",
    "illustration", "web_design", "campaigning", "storytelling",
    // Digital and technical
    "computer_literacy", "programming", "data_analysis", "spreadsheets", "database_management",
    "it_support", "cybersecurity_basics", "digital_literacy_training", "3d_printing", "electronics",
    // Organisation and management
    "event_organisation", "project_management", "fundraising", "administration", "bookkeeping",
    "logistics", "coordination_of_volunteers", "team_leadership", "customer_service", "office_work",
    "reception", "procurement", "grant_writing", "reporting", "planning",
    // Environment and outdoors
    "gardening", "permaculture", "forestry", "trail_maintenance", "wildlife_monitoring",
    "beach_cleaning", "recycling", "environmental_education", "animal_care", "farming",
    "beekeeping", "outdoor_activities", "camp_leadership", "sustainable_building",
    "renewable_energy",
    // Construction and crafts
    "construction", "carpentry", "painting_and_decorating", "masonry", "plumbing_basics",
    "electrical_basics", "renovation", "sewing", "handicrafts", "bicycle_repair",
    // Culture and sport
    "music", "singing", "dance", "theatre", "visual_arts", "circus_arts", "cultural_heritage",
    "museum_work", "sports_coaching", "swimming_instruction", "games_facilitation", "cooking",
    // Social inclusion and rights
    "intercultural_mediation", "conflict_resolution", "human_rights_education",
    "gender_equality_work", "refugee_support", "roma_inclusion", "anti_discrimination",
    "community_organising", "advocacy", "street_work",
    // Humanitarian and emergency
    "disaster_response", "emergency_shelter", "distribution_of_aid", "water_and_sanitation",
    "psychosocial_support", "needs_assessment", "humanitarian_logistics", "search_and_rescue",
    "driving_licence", "health_promotion",
    // Accessibility
    "sign_language", "accessibility_support", "easy_to_read_writing"};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& list, std::string_view code) {
  return std::find(list.begin(), list.end(), code) != list.end();
}

}  // namespace

bool IsCountry(std::string_view code) { return Contains(kCountries, code); }

std::optional<std::string> NormaliseCountry(std::string_view code) {
  while (!code.empty() && (code.front() == ' ' || code.front() == '\t')) code.remove_prefix(1);
  while (!code.empty() && (code.back() == ' ' || code.back() == '\t')) code.remove_suffix(1);
  std::string upper(code);
  for (char& c : upper) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  if (upper == "EL") upper = "GR";
  if (upper == "UK") upper = "GB";
  if (!IsCountry(upper)) return std::nullopt;
  return upper;
}

std::span<const std::string_view> Countries() { return kCountries; }
bool IsEuMemberState(std::string_view code) { return Contains(kEuMemberStates, code); }

bool IsLanguage(std::string_view code) { return Contains(kLanguages, code); }
std::span<const std::string_view> Languages() { return kLanguages; }

std::optional<Level> ParseLevel(std::string_view text) {
  if (text == "A1") return Level::kA1;
  if (text == "A2") return Level::kA2;
  if (text == "B1") return Level::kB1;
  if (text == "B2") return Level::kB2;
  if (text == "C1") return Level::kC1;
  if (text == "C2") return Level::kC2;
  if (text == "native") return Level::kNative;
  return std::nullopt;
}

std::string_view LevelCode(Level level) {
  switch (level) {
    case Level::kA1:
      return "A1";
    case Level::kA2:
      return "A2";
    case Level::kB1:
      return "B1";
    case Level::kB2:
      return "B2";
    case Level::kC1:
      return "C1";
    case Level::kC2:
      return "C2";
    case Level::kNative:
      return "native";
  }
  return "A1";
}

std::span<const std::string_view> ActivityTypes() { return kActivityTypes; }
bool IsActivityType(std::string_view code) { return Contains(kActivityTypes, code); }
std::span<const std::string_view> Topics() { return kTopics; }
bool IsTopic(std::string_view code) { return Contains(kTopics, code); }
std::span<const std::string_view> Skills() { return kSkills; }
bool IsSkill(std::string_view code) { return Contains(kSkills, code); }

std::string_view MainLanguage(std::string_view country) {
  static constexpr std::pair<std::string_view, std::string_view> kMain[] = {
      {"AT", "de"}, {"BE", "nl"}, {"BG", "bg"}, {"CY", "el"}, {"CZ", "cs"}, {"DE", "de"},
      {"DK", "da"}, {"EE", "et"}, {"ES", "es"}, {"FI", "fi"}, {"FR", "fr"}, {"GR", "el"},
      {"HR", "hr"}, {"HU", "hu"}, {"IE", "en"}, {"IT", "it"}, {"LT", "lt"}, {"LU", "fr"},
      {"LV", "lv"}, {"MT", "mt"}, {"NL", "nl"}, {"PL", "pl"}, {"PT", "pt"}, {"RO", "ro"},
      {"SE", "sv"}, {"SI", "sl"}, {"SK", "sk"}, {"IS", "is"}, {"LI", "de"}, {"NO", "nb"},
      {"MK", "mk"}, {"RS", "sr"}, {"TR", "tr"}, {"CH", "de"}, {"GB", "en"}};
  for (const auto& [c, lang] : kMain) {
    if (c == country) return lang;
  }
  return "en";
}

}  // namespace pass::codes
