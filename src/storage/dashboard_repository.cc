#include "storage/dashboard_repository.h"

#include <array>

namespace pass::storage {

namespace {

// A thread the organisation wrote in (threads the offers module opened hold only notices).
constexpr std::string_view kOrganisationWrote =
    "EXISTS (SELECT 1 FROM contact_posts w WHERE w.thread_id = t.id AND w.author = "
    "'organisation')";
// ... and the person wrote back.
constexpr std::string_view kPersonReplied =
    "EXISTS (SELECT 1 FROM contact_posts a WHERE a.thread_id = t.id AND a.author = "
    "'participant')";
// An offer that was sent, whatever became of it; a draft withdrawn before sending never was.
constexpr std::string_view kOfferSent = "f.state <> 'draft' AND f.sent_at IS NOT NULL";

std::string Join(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

dashboard::Counts CountsAt(const Row& r, size_t first) {
  dashboard::Counts out{};
  for (size_t i = 0; i < dashboard::kStages; ++i) out[i] = r.Int(first + i);
  return out;
}

}  // namespace

Result<dashboard::Counts> SqlDashboardRepository::OrganisationFunnel(std::string_view oid) {
  // Adjacent literals make one piece of SQL on purpose; commas separate the pieces.
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  const std::string sql =
      Join({"SELECT "
            "(SELECT COUNT(DISTINCT v.participant_id) FROM participant_events v "
            "WHERE v.oid = $1 AND v.kind = 'viewed'), "
            "(SELECT COUNT(DISTINCT t.participant_id) FROM contact_threads t WHERE t.oid = $1 AND ",
            kOrganisationWrote,
            "), "
            "(SELECT COUNT(DISTINCT t.participant_id) FROM contact_threads t WHERE t.oid = $1 AND ",
            kOrganisationWrote, " AND ", kPersonReplied,
            "), "
            "(SELECT COUNT(DISTINCT f.participant_id) FROM offers f WHERE f.oid = $1 AND ",
            kOfferSent,
            "), "
            "(SELECT COUNT(DISTINCT f.participant_id) FROM offers f WHERE f.oid = $1 AND "
            "f.state = 'accepted')"});
  // NOLINTEND(bugprone-suspicious-missing-comma)
  const std::array<Value, 1> params = {std::string(oid)};
  dashboard::Counts out{};
  const RowCallback keep = [&out](const Row& r) { out = CountsAt(r, 0); };
  PASS_TRY(done, c_.Run(sql, params, &keep));
  return out;
}

Result<std::vector<dashboard::OpportunityFunnel>> SqlDashboardRepository::OpportunityFunnels(
    std::string_view oid) {
  // NOLINTBEGIN(bugprone-suspicious-missing-comma)
  const std::string sql =
      Join({"SELECT o.id, o.title, o.status, "
            // people of the opportunity's pipeline whose profile the organisation opened
            "(SELECT COUNT(DISTINCT e.participant_id) FROM pipeline_entries e "
            "WHERE e.opportunity_id = o.id AND EXISTS (SELECT 1 FROM participant_events v "
            "WHERE v.participant_id = e.participant_id AND v.oid = o.oid AND v.kind = 'viewed')), "
            "(SELECT COUNT(DISTINCT t.participant_id) FROM contact_threads t "
            "WHERE t.oid = o.oid AND t.opportunity_id = o.id AND ",
            kOrganisationWrote,
            "), "
            "(SELECT COUNT(DISTINCT t.participant_id) FROM contact_threads t "
            "WHERE t.oid = o.oid AND t.opportunity_id = o.id AND ",
            kOrganisationWrote, " AND ", kPersonReplied,
            "), "
            "(SELECT COUNT(DISTINCT f.participant_id) FROM offers f "
            "WHERE f.oid = o.oid AND f.opportunity_id = o.id AND ",
            kOfferSent,
            "), "
            "(SELECT COUNT(DISTINCT f.participant_id) FROM offers f "
            "WHERE f.oid = o.oid AND f.opportunity_id = o.id AND f.state = 'accepted') "
            "FROM opportunities o WHERE o.oid = $1 ORDER BY o.id DESC"});
  // NOLINTEND(bugprone-suspicious-missing-comma)
  const std::array<Value, 1> params = {std::string(oid)};
  std::vector<dashboard::OpportunityFunnel> out;
  const RowCallback add = [&out](const Row& r) {
    dashboard::OpportunityFunnel f;
    f.opportunity_id = r.Int(0);
    f.title = r.Text(1);
    f.status = r.Text(2);
    f.counts = CountsAt(r, 3);
    out.push_back(std::move(f));
  };
  PASS_TRY(done, c_.Run(sql, params, &add));
  return out;
}

}  // namespace pass::storage
