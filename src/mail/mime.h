// Internal to the mail module: the pieces of the MIME builder the SMTP transport shares.
#pragma once

#include <string>
#include <string_view>

namespace pass::mail {

// "PASS <no-reply@pass.example.eu>", "\"P, A\" <a@b>" or a bare "a@b", split into display name
// (unquoted) and address. Never fails: a malformed value gives an address IsValidAddress rejects.
struct Mailbox {
  std::string name;
  std::string address;
};
Mailbox ParseMailbox(std::string_view text);

}  // namespace pass::mail
