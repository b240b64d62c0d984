#include "demo/demo.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>

#include "codes/codes.h"

namespace pass::demo {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

Date Plus(Date d, int n) { return Date{sys_days(d) + days(n)}; }

// Reproducible everywhere: mt19937_64's output is fixed by the standard, and we avoid the
// implementation-defined distributions.
class Random {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}
  uint64_t Below(uint64_t n) { return engine_() % n; }
  bool Chance(int percent) { return Below(100) < static_cast<uint64_t>(percent); }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Below(N)];
  }
  // Picks by weight: `weights[i]` is the relative frequency of item i.
  template <size_t N>
  size_t Weighted(const std::array<int, N>& weights) {
    int total = 0;
    for (const int w : weights) total += w;
    int x = static_cast<int>(Below(static_cast<uint64_t>(total)));
    for (size_t i = 0; i < N; ++i) {
      if (x < weights[i]) return i;
      x -= weights[i];
    }
    return N - 1;
  }

 private:
  std::mt19937_64 engine_;
};

// Residence skews toward the countries that send most volunteers; names and the mother tongue
// follow the country.
struct CountryProfile {
  const char* code;
  const char* language;
  int weight;
  std::array<const char*, 6> given;
  std::array<const char*, 6> family;
};

constexpr std::array<CountryProfile, 12> kCountries = {{
    {"IT",
     "it",
     16,
     {"Giulia", "Marco", "Chiara", "Luca", "Sofia", "Matteo"},
     {"Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci"}},
    {"ES",
     "es",
     15,
     {"Lucía", "Pablo", "María", "Javier", "Carmen", "Diego"},
     {"García", "Martínez", "López", "Sánchez", "Pérez", "Gómez"}},
    {"FR",
     "fr",
     11,
     {"Léa", "Hugo", "Chloé", "Lucas", "Manon", "Nathan"},
     {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit"}},
    {"DE",
     "de",
     10,
     {"Lena", "Jonas", "Mia", "Leon", "Hannah", "Felix"},
     {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Wagner"}},
    {"PL",
     "pl",
     9,
     {"Zuzanna", "Jakub", "Julia", "Kacper", "Maja", "Szymon"},
     {"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski"}},
    {"RO",
     "ro",
     7,
     {"Ioana", "Andrei", "Maria", "Alexandru", "Elena", "Mihai"},
     {"Popescu", "Ionescu", "Popa", "Stan", "Dumitru", "Constantin"}},
    {"PT",
     "pt",
     6,
     {"Beatriz", "João", "Inês", "Tiago", "Mariana", "Rodrigo"},
     {"Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa"}},
    {"GR",
     "el",
     6,
     {"Eleni", "Giorgos", "Maria", "Nikos", "Katerina", "Dimitris"},
     {"Papadopoulou", "Papadopoulos", "Georgiou", "Nikolaou", "Ioannou", "Dimitriou"}},
    {"TR",
     "tr",
     6,
     {"Elif", "Emre", "Zeynep", "Mehmet", "Ayşe", "Can"},
     {"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız"}},
    {"SE",
     "sv",
     5,
     {"Elsa", "Oskar", "Maja", "William", "Alice", "Liam"},
     {"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson"}},
    {"HU",
     "hu",
     5,
     {"Anna", "Bence", "Zsófia", "Máté", "Réka", "Dávid"},
     {"Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga"}},
    {"IE",
     "en",
     4,
     {"Aoife", "Seán", "Niamh", "Conor", "Ciara", "Darragh"},
     {"Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan"}},
}};

// Motivation and experience texts in the person's own language, or in English (common).
struct Texts {
  const char* language;
  std::array<const char*, 3> motivation;
  std::array<const char*, 3> experience;
};

constexpr std::array<Texts, 8> kTexts = {{
    {"en",
     {"I want to spend a year abroad helping people and learning a new language.",
      "I care about the climate and would like to work on nature protection projects.",
      "After my studies I want to give something back and work with children and young people."},
     {"Two years as a volunteer youth leader in my local scout group.",
      "I organised a community garden and a clothes swap in my town.",
      "Summer job in a holiday camp for children with disabilities."}},
    {"it",
     {"Voglio fare un'esperienza di volontariato all'estero e imparare una nuova lingua.",
      "Mi interessa l'ambiente e vorrei lavorare in un progetto di tutela della natura.",
      "Vorrei lavorare con i bambini e aiutare chi ha meno opportunità."},
     {"Animatore in un centro estivo per due anni.",
      "Volontario della Croce Rossa nella mia città.",
      "Ho organizzato eventi culturali per i giovani del mio quartiere."}},
    {"es",
     {"Quiero vivir una experiencia de voluntariado en otro país y aprender otra cultura.",
      "Me preocupa el cambio climático y quiero participar en proyectos medioambientales.",
      "Me gustaría trabajar con personas mayores y acompañarlas en su día a día."},
     {"Monitor de tiempo libre en campamentos de verano.",
      "Voluntaria en un banco de alimentos durante tres años.",
      "He dado clases de refuerzo a niños de mi barrio."}},
    {"fr",
     {"Je souhaite m'engager dans un projet solidaire à l'étranger et découvrir une autre culture.",
      "La protection de l'environnement me tient à cœur et je veux agir concrètement.",
      "J'aimerais travailler avec des jeunes et des enfants dans un projet éducatif."},
     {"Animatrice en centre de loisirs pendant deux étés.",
      "Bénévole dans une association d'aide aux réfugiés.",
      "J'ai participé à l'organisation d'un festival de musique local."}},
    {"de",
     {"Ich möchte ein Jahr im Ausland verbringen und mich für andere Menschen einsetzen.",
      "Umweltschutz ist mir wichtig, deshalb möchte ich in einem Naturschutzprojekt mitarbeiten.",
      "Ich arbeite gern mit Kindern und möchte pädagogische Erfahrungen sammeln."},
     {"Zwei Jahre Jugendleiterin in der Pfadfindergruppe.", "Freiwillige Mitarbeit in einer Tafel.",
      "Ferienjob in einem inklusiven Sommercamp."}},
    {"pl",
     {"Chcę spędzić rok za granicą, pomagając innym i ucząc się nowego języka.",
      "Interesuje mnie ochrona przyrody i chciałbym pracować przy projektach ekologicznych.",
      "Chciałabym pracować z dziećmi i młodzieżą w projekcie edukacyjnym."},
     {"Wolontariat w schronisku dla zwierząt przez dwa lata.", "Opiekun na koloniach letnich.",
      "Organizowałem zajęcia sportowe dla dzieci w mojej miejscowości."}},
    {"sv",
     {"Jag vill göra volontärarbete utomlands och lära mig ett nytt språk.",
      "Klimatet är viktigt för mig och jag vill arbeta med naturvård.",
      "Jag vill arbeta med barn och unga och bidra till ett mer inkluderande samhälle."},
     {"Ledare i en fritidsgård i två år.",
      "Volontär på ett läger för barn med funktionsnedsättning.",
      "Har organiserat klädbyten och städdagar i min stad."}},
    {"pt",
     {"Quero fazer voluntariado no estrangeiro e conhecer outras culturas.",
      "Preocupo-me com o ambiente e quero participar em projetos de conservação da natureza.",
      "Gostaria de trabalhar com crianças e jovens em projetos de educação não formal."},
     {"Monitora em campos de férias durante dois verões.", "Voluntário num banco alimentar.",
      "Organizei atividades desportivas para jovens do meu bairro."}},
}};

constexpr std::array<const char*, 8> kSecondLanguages = {"en", "en", "en", "fr",
                                                         "de", "es", "it", "en"};
constexpr std::array<const char*, 6> kLevels = {"A2", "B1", "B1", "B2", "B2", "C1"};

const Texts& TextsFor(std::string_view language) {
  for (const auto& t : kTexts) {
    if (t.language == language) return t;
  }
  return kTexts[0];
}

}  // namespace

participants::Participant SyntheticParticipant(uint64_t seed, int index, Date today) {
  Random rnd(seed * 1'000'003 + static_cast<uint64_t>(index));
  std::array<int, kCountries.size()> weights{};
  for (size_t i = 0; i < kCountries.size(); ++i) weights[i] = kCountries[i].weight;
  const CountryProfile& country = kCountries[rnd.Weighted(weights)];

  participants::Participant p;
  char reference[16];
  std::snprintf(reference, sizeof reference, "2%09d", 100000 + index);
  p.reference = reference;
  p.given_name = rnd.Pick(country.given);
  p.family_name = rnd.Pick(country.family);
  p.email = "participant" + std::to_string(index) + "@young.example";
  p.residence = country.code;
  p.nationality = rnd.Chance(90) ? country.code : kCountries[rnd.Below(kCountries.size())].code;
  p.contact_language = rnd.Chance(70) ? country.language : "en";
  // Ages 18-29, most between 20 and 26.
  const int age = 18 + static_cast<int>((rnd.Below(7) + rnd.Below(6) + rnd.Below(2)));
  p.birth_date = Plus(today, -(age * 365 + static_cast<int>(rnd.Below(365))));

  p.languages.push_back({country.language, codes::Level::kNative});
  const std::string second = rnd.Pick(kSecondLanguages);
  if (second != country.language) {
    p.languages.push_back({second, *codes::ParseLevel(rnd.Pick(kLevels))});
  }
  if (rnd.Chance(35)) {
    const std::string third = kCountries[rnd.Below(kCountries.size())].language;
    if (third != country.language && third != second) {
      p.languages.push_back({third, *codes::ParseLevel(rnd.Pick(kLevels))});
    }
  }

  const auto skills = codes::Skills();
  for (int i = 0, n = 2 + static_cast<int>(rnd.Below(4)); i < n; ++i) {
    std::string s(skills[rnd.Below(skills.size())]);
    if (std::find(p.skills.begin(), p.skills.end(), s) == p.skills.end()) p.skills.push_back(s);
  }
  const auto topics = codes::Topics();
  for (int i = 0, n = 1 + static_cast<int>(rnd.Below(3)); i < n; ++i) {
    std::string t(topics[rnd.Below(topics.size())]);
    if (std::find(p.topics.begin(), p.topics.end(), t) == p.topics.end()) p.topics.push_back(t);
  }
  p.activity_types.emplace_back(rnd.Chance(75) ? "individual_volunteering" : "volunteering_team");
  if (rnd.Chance(20)) p.activity_types.emplace_back("solidarity_project");
  if (rnd.Chance(10)) p.activity_types.emplace_back("traineeship");
  if (rnd.Chance(8)) p.activity_types.emplace_back("humanitarian_aid");
  if (rnd.Chance(40)) {
    p.destinations.emplace_back("any");
  } else {
    for (int i = 0, n = 1 + static_cast<int>(rnd.Below(3)); i < n; ++i) {
      std::string d = kCountries[rnd.Below(kCountries.size())].code;
      if (d != p.residence &&
          std::find(p.destinations.begin(), p.destinations.end(), d) == p.destinations.end()) {
        p.destinations.push_back(d);
      }
    }
    if (p.destinations.empty()) p.destinations.emplace_back("any");
  }
  // One to three availability periods over the next two years.
  int start = 20 + static_cast<int>(rnd.Below(120));
  for (int i = 0, n = 1 + static_cast<int>(rnd.Below(3)); i < n; ++i) {
    const int length = 60 + static_cast<int>(rnd.Below(300));
    p.availability.push_back({Plus(today, start), Plus(today, start + length)});
    start += length + 30 + static_cast<int>(rnd.Below(120));
  }
  const Texts& texts = rnd.Chance(60) ? TextsFor(country.language) : kTexts[0];
  p.motivation = rnd.Pick(texts.motivation);
  p.experience = rnd.Pick(texts.experience);
  p.searchable = rnd.Chance(85);
  p.fewer_opportunities = rnd.Chance(15);
  p.last_active = Plus(today, -static_cast<int>(rnd.Below(400)));
  if (rnd.Chance(10)) {
    const Date from = Plus(today, -400 - static_cast<int>(rnd.Below(300)));
    p.placements.push_back(
        {from, Plus(from, 30 + static_cast<int>(rnd.Below(150))), "volunteering_team", true});
  }
  return p;
}

namespace {

registry::Authorisation MakeAuthorisation(std::string reference, std::string oid,
                                          registry::Kind kind, std::string issuer, Date from,
                                          Date to, std::vector<registry::StaffEntry> staff,
                                          std::string programme = {}) {
  registry::Authorisation a;
  a.programme = std::move(programme);
  a.reference = std::move(reference);
  a.oid = std::move(oid);
  a.kind = kind;
  a.issuer = std::move(issuer);
  a.valid_from = from;
  a.valid_to = to;
  a.staff = std::move(staff);
  return a;
}

}  // namespace

DemoData Generate(const Options& options, Date today) {
  using registry::Kind;
  using registry::StaffSource;
  DemoData d;
  const Date since = Plus(today, -2 * 365);
  const Date until = Plus(today, 3 * 365);

  d.organisations = {
      {"E10000001", "Föreningen Ung i Europa", "SE"},
      {"E10000002", "Jugendwerk Rhein-Main e.V.", "DE"},
      {"E10000003", "Ayuda Sin Fronteras", "ES"},
      {"E10000004", "Green Coast Association", "IE"},
      {"E10000005", "Maison des Jeunes de Lyon", "FR"},
      {"E10000006", "Kulturhaus Graz", "AT"},
  };
  d.authorisations = {
      MakeAuthorisation(
          "ESC50-QL-2024-SE-0042", "E10000001", Kind::kQualityLabel,
          "SE02 Myndigheten för ungdoms- och civilsamhällesfrågor", since, until,
          {{"anna.lindqvist@ungieuropa.example", "Anna Lindqvist", "Volunteer coordinator",
            StaffSource::kImport},
           {"johan.berg@ungieuropa.example", "Johan Berg", "Director", StaffSource::kImport}}),
      MakeAuthorisation(
          "EVS-ACC-DE-2019-0117", "E10000002", Kind::kEvsAccreditation, "DE04 JUGEND für Europa",
          since, until,
          {{"lukas.schmidt@jugendwerk.example", "Lukas Schmidt", "Mentor", StaffSource::kImport}}),
      MakeAuthorisation("EUAV-CERT-2023-0031", "E10000003", Kind::kEuavCertification,
                        "European Education and Culture Executive Agency", since, until,
                        {{"carmen.ruiz@ayudasinfronteras.example", "Carmen Ruiz",
                          "Humanitarian programmes", StaffSource::kImport},
                         {"marie.dubois@mjlyon.example", "Marie Dubois", "Partnership officer",
                          StaffSource::kImport}}),
      MakeAuthorisation("LIFE-PA-2025-IE-0007", "E10000004", Kind::kProgrammeApproval,
                        "DG ENV (LIFE programme)", since, until,
                        {{"siobhan.kelly@greencoast.example", "Siobhán Kelly", "Project manager",
                          StaffSource::kNomination}},
                        "LIFE"),
      MakeAuthorisation(
          "ESC52-QL-2020-FR-0311", "E10000005", Kind::kQualityLabel,
          "FR02 Agence du Service Civique", since, until,
          {{"marie.dubois@mjlyon.example", "Marie Dubois", "Coordinator", StaffSource::kImport}}),
      // Expired a month ago: its staff are told so when they sign in.
      MakeAuthorisation("ESC50-QL-2021-AT-0005", "E10000006", Kind::kQualityLabel,
                        "AT01 OeAD Jugend in Aktion", Plus(today, -4 * 365), Plus(today, -30),
                        {{"katharina.huber@kulturhaus.example", "Katharina Huber", "Coordinator",
                          StaffSource::kImport}}),
  };

  auto account = [&](std::string sub, std::string email, std::string given, std::string family,
                     std::string role) {
    d.accounts.push_back({std::move(sub), std::move(email), std::move(given), std::move(family),
                          options.password, "LOW", std::move(role)});
  };
  account("demo-anna", "anna.lindqvist@ungieuropa.example", "Anna", "Lindqvist",
          "staff, quality label (SE)");
  account("demo-lukas", "lukas.schmidt@jugendwerk.example", "Lukas", "Schmidt",
          "staff, EVS accreditation (DE)");
  account("demo-carmen", "carmen.ruiz@ayudasinfronteras.example", "Carmen", "Ruiz",
          "staff, EU Aid Volunteers certification (ES)");
  account("demo-siobhan", "siobhan.kelly@greencoast.example", "Siobhán", "Kelly",
          "staff, programme approval through a DG (IE)");
  account("demo-marie", "marie.dubois@mjlyon.example", "Marie", "Dubois",
          "staff of two organisations (FR, ES)");
  account("demo-katharina", "katharina.huber@kulturhaus.example", "Katharina", "Huber",
          "staff whose quality label expired (AT)");
  account("demo-sam", "sam.taylor@unlisted.example", "Sam", "Taylor",
          "not listed for any organisation");
  // The officers who keep the registry (issue 4), one per remit.
  auto officer = [&](std::string sub, std::string email, std::string given, std::string family,
                     std::string role_text, backoffice::RoleKind kind, std::string country,
                     std::string programme) {
    backoffice::Role r;
    r.kind = kind;
    r.email = email;
    r.country = std::move(country);
    r.programme = std::move(programme);
    r.granted_by = "demo-data";
    d.roles.push_back(std::move(r));
    account(std::move(sub), std::move(email), std::move(given), std::move(family),
            std::move(role_text));
  };
  officer("demo-sara", "sara.nilsson@mucf.example", "Sara", "Nilsson",
          "National Agency officer (SE)", backoffice::RoleKind::kNaOfficer, "SE", "");
  officer("demo-pierre", "pierre.laurent@eacea.example", "Pierre", "Laurent",
          "EACEA officer (EU Aid Volunteers)", backoffice::RoleKind::kEaceaOfficer, "", "");
  officer("demo-elena", "elena.rossi@env.ec.example", "Elena", "Rossi",
          "DG officer (LIFE programme)", backoffice::RoleKind::kDgOfficer, "", "LIFE");
  officer("demo-admin", "admin@pass.example", "Alex", "Admin", "administrator",
          backoffice::RoleKind::kAdministrator, "", "");

  for (int i = 0; i < options.participants; ++i) {
    d.participants.push_back(SyntheticParticipant(options.seed, i, today));
  }
  // Two young people can sign in, to try the young people's side.
  if (!d.participants.empty()) {
    auto& first = d.participants[0];
    first.sub = "demo-young-1";
    account(first.sub, first.email, first.given_name, first.family_name,
            "young person (registered)");
  }
  // Someone who signs in for the first time, to try registration.
  account("demo-young-new", "maja.berg@young.example", "Maja", "Berg",
          "young person (not registered yet)");

  auto opportunity = [&](std::string oid, std::string title, std::string description,
                         std::string type, std::vector<std::string> topics, std::string country,
                         std::string town, int start_in, int length, int places,
                         std::string grant) {
    opportunities::Opportunity o;
    o.oid = std::move(oid);
    o.title = std::move(title);
    o.description = std::move(description);
    o.activity_type = std::move(type);
    o.topics = std::move(topics);
    o.country = std::move(country);
    o.town = std::move(town);
    o.start_date = Plus(today, start_in);
    o.end_date = Plus(today, start_in + length);
    o.application_deadline = Plus(today, start_in - 45);
    o.places = places;
    o.grant_reference = std::move(grant);
    o.languages = {{"en", codes::Level::kB1}};
    o.practical_arrangements =
        "Shared flat with other volunteers, food allowance, local transport pass.";
    o.training = "On-arrival training and mid-term evaluation.";
    o.status = opportunities::Status::kPublished;
    d.opportunities.push_back(std::move(o));
  };
  opportunity("E10000001", "Youth centre volunteer in Göteborg",
              "Help run after-school activities and language cafés for young newcomers.",
              "individual_volunteering", {"social_inclusion", "migration_integration"}, "SE",
              "Göteborg", 90, 300, 2, "2025-1-SE02-ESC51-000123");
  opportunity("E10000002", "Nature guide in the Taunus forest",
              "Lead school groups through the forest and help maintain the trails.",
              "individual_volunteering", {"environment_nature", "education_training"}, "DE",
              "Königstein im Taunus", 120, 240, 1, "2025-1-DE04-ESC51-000456");
  opportunity("E10000003", "Logistics volunteer for emergency relief",
              "Support the logistics team that prepares relief supplies for partner organisations.",
              "humanitarian_aid", {"disaster_prevention", "social_welfare"}, "ES", "Valencia", 75,
              180, 2, "101234567-EUAV-2025");
  opportunity("E10000004", "Coastal clean-up team",
              "Two months of beach restoration and dune planting with an "
              "international team.",
              "volunteering_team", {"environment_nature", "climate_action"}, "IE", "Galway", 60, 56,
              8, "LIFE25-NAT-IE-0007");
  return d;
}

}  // namespace pass::demo
