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

#include "state/app_state.hpp"

namespace bnlab {

// Runs a command with `arg`, the text after its name ("" for commands without an argument). Returns false
// with *error set when the argument is refused (the state is then unchanged).
using CommandHandler = bool (*)(AppState& app, const std::string& arg, std::string* error);

struct Command {
  const char* name;  // "next"; for a command with an argument, the text before it ("ui-scale:", "image:norm=")
  const char* arg;   // the argument as the usage writes it ("P", "NAME"); "" for none
  const char* help;  // one line for bnlab --help
  CommandHandler run;
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

}  // namespace bnlab
