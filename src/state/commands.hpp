// commands.hpp: the named commands (tests, the page's bnlab.command(), the desktop's --command), in one table.
//
//   Command      name, argument, help, handler: one row of the table
//   Commands     the table
//   CommandList  every command's usage, comma-separated (the unknown-command error)
//   CommandHelp  one line per command with its help (bnlab --help)
//   RunCommand   looks a command up in the table and runs it; the JSON reply
#pragma once

#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "state/app_state.hpp"

namespace bnlab {

// Runs a command with `arg`, the text after its name ("" for commands without an argument). Returns false
// with *error set when the argument is refused (the state is then unchanged).
using CommandHandler = bool (*)(AppState& app, const std::string& arg, std::string* error);

// A command whose reply says more than ok and step (answer:X adds "correct", "attempts" ...): it appends its
// members to *reply. Returning false with *error set refuses the argument, as CommandHandler does.
using ReplyHandler = bool (*)(AppState& app, const std::string& arg, bn::Json* reply, std::string* error);

struct Command {
  const char* name;  // "next"; for a command with an argument, the text before it ("ui-scale:", "image:norm=")
  const char* arg;   // the argument as the usage writes it ("P", "NAME"); "" for none
  const char* help;  // one line for bnlab --help
  CommandHandler run;            // nullptr when `reply` runs the command
  ReplyHandler reply = nullptr;
};

const std::vector<Command>& Commands();

// "next, prev, ..., image:seed=S": every command as it is typed.
std::string CommandList();

// One line per command: its usage, padded, then its help.
std::string CommandHelp();

// Runs a command: "next", "ui-scale:150", "image:norm=group" ... (see Commands()). Replies
// {"ok":true,"step":k} with the step of the lab on screen (the image lab's on its tab, else the step lab's),
// or {"ok":false,"error":"..."} for a refused argument or an unknown command (that error lists every command).
std::string RunCommand(AppState& app, const std::string& command);

// A command's argument "a,b,c": exactly `count` numbers (strtod's grammar) into out[0..count), nothing else.
bool ParseNumbers(const std::string& text, int count, double* out);

}  // namespace bnlab
