// teach_commands.hpp: the teacher's rows of the command table (own data, networks, practice sheets, files).
#pragma once

#include <vector>

#include "state/commands.hpp"

namespace bnlab {

void AppendTeachCommands(std::vector<Command>* table);

}  // namespace bnlab
