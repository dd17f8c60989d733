// fuzz_commands.cpp: libFuzzer target for the command dispatcher (RunCommand), the state layer that the tests,
// the page's bnlab.command and the desktop's --command drive, over a sequence of commands (one a line). Every
// reply is valid JSON in valid UTF-8 with "ok"; a refusal says why on one line and changes nothing in state()
// but the messages it shows (members named *error*, notice*, refusal); state() stays valid JSON in valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/io/json.hpp"
#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/state_json.hpp"
#include "fuzz_util.hpp"

namespace {

std::string SaveNowhere(const std::string& name, const std::string&, const std::string&) { return "memory/" + name; }

// state() without what a refusal may rightly change: its messages, and the revision counters.
bn::Json Strip(const bn::Json& v) {
  if (v.is_array()) {
    bn::Json a = bn::Json::Array();
    for (const bn::Json& item : v.items()) a.push(Strip(item));
    return a;
  }
  if (!v.is_object()) return v;
  bn::Json o = bn::Json::Object();
  for (const auto& [key, value] : v.members())
    if (key.find("error") == std::string::npos && key.rfind("notice", 0) != 0 && key != "revision" &&
        key != "refusal")
      o.append(key, Strip(value));
  return o;
}

std::string State(const bnlab::AppState& app) {
  const std::string s = bnlab::StateJson(app);
  if (!ValidUtf8(s)) FUZZ_FAIL("commands #1");
  try {
    return Strip(bn::Json::Parse(s)).Dump();
  } catch (const bn::JsonError&) {
    FUZZ_FAIL("commands #2");
  }
}

// Commands that would take long for a fuzzer (thousands of training steps) are skipped.
bool TooSlow(const std::string& c) {
  if (c.rfind("train-steps:", 0) == 0) return std::atof(c.c_str() + 12) > 20;
  return c.rfind("sweep", 0) == 0 || c.rfind("train-sweep", 0) == 0 || c.rfind("bench", 0) == 0;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  bnlab::AppState app;
  app.step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(app);
  bnlab::SelectExperiment(app, 0);
  app.host.save_file = SaveNowhere;
  size_t start = 0;
  std::string before = State(app);  // state() after the previous command: the next one's "before"
  for (int n = 0; n < 12 && start <= text.size(); ++n) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string command = text.substr(start, end - start);
    start = end + 1;
    if (TooSlow(command)) continue;
    const std::string reply = bnlab::RunCommand(app, command);
    if (!ValidUtf8(reply)) FUZZ_FAIL("commands #3");
    bn::Json r;
    try {
      r = bn::Json::Parse(reply);
    } catch (const bn::JsonError&) {
      FUZZ_FAIL("commands #4");
    }
    const bn::Json* ok = r.get("ok");
    if (ok == nullptr || ok->type() != bn::Json::Type::Bool) FUZZ_FAIL("commands #5");
    if (!ok->boolean()) {
      const bn::Json* error = r.get("error");
      if (error == nullptr || !error->is_string()) FUZZ_FAIL("commands #6");
      // One line; short but for the list of known commands an unknown command's message ends with.
      const std::string& m = error->string();
      CheckMessage(m.substr(0, m.find(" (known: ")));
      if (m.find('\n') != std::string::npos || m.find('\r') != std::string::npos) FUZZ_FAIL("commands #7");
      const std::string after = State(app);
      if (after != before) {
        std::fprintf(stderr, "fuzz: refused '%.200s' changed state()\n", command.c_str());
        for (size_t i = 0; i < before.size() && i < after.size(); ++i)
          if (before[i] != after[i]) {
            std::fprintf(stderr, "  before: %.200s\n  after:  %.200s\n", before.c_str() + (i > 80 ? i - 80 : 0),
                         after.c_str() + (i > 80 ? i - 80 : 0));
            break;
          }
      }
      if (after != before) FUZZ_FAIL("commands #8");  // refused: nothing changed
    } else {
      before = State(app);
    }
  }
  return 0;
}
