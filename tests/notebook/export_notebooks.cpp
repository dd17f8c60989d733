// export_notebooks.cpp OUT: writes the notebooks the notebook suite executes, the way a learner gets them: the
// app's state with a batch set by a link (or a setting), then the command share-notebook or share-image-notebook,
// its file caught at Host::SaveFile. One line per file on stdout ("NAME.ipynb"); exit 1 when a command fails.
//
//   train      the default batch, train mode            eval      eval mode with running statistics set
//   backward   train mode with dy (every backward step)   constant  a constant feature (σ² = 0, only ε)
//   near-1000  float32 inputs near 1000 with a tiny spread (the inputs' float32 texts)
//   keras      Keras's convention: momentum 0.99, ε 1e-3, eval-free train step with dy
//   image-batch, image-layer, image-instance, image-group, image-ghost, image-renorm   the image lab's variants
#include <cstdio>
#include <string>

#include "state/app_state.hpp"
#include "state/commands.hpp"
#include "state/link.hpp"

namespace {

std::string g_out, g_name;

std::string SaveTo(const std::string&, const std::string&, const std::string& bytes) {
  const std::string path = g_out + "/" + g_name + ".ipynb";
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return "";
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok ? path : "";
}

bool Run(bnlab::AppState& app, const std::string& name, const std::string& command) {
  g_name = name;
  const std::string reply = bnlab::RunCommand(app, command);
  if (reply.find("\"ok\":true") == std::string::npos || reply.find(".ipynb") == std::string::npos) {
    std::fprintf(stderr, "export_notebooks: %s: %s\n", name.c_str(), reply.c_str());
    return false;
  }
  std::printf("%s.ipynb\n", name.c_str());
  return true;
}

// A fresh app with the default batch, then `hash` applied as a link would be.
bool StepCase(const std::string& name, const std::string& hash, bool keras = false) {
  bnlab::AppState app;
  app.host.save_file = SaveTo;
  app.step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(app);
  if (!hash.empty()) bnlab::ApplyHash(app, hash, false);
  if (keras) {  // the lab's Keras setting (RunningStats::convention) with Keras's defaults
    app.step_lab.input.running.convention = bn::MomentumConvention::Keras;
    app.step_lab.input.running.momentum = 0.99;
    app.step_lab.input.eps = 1e-3;
    bnlab::Recompute(app);
  }
  return Run(app, name, "share-notebook");
}

bool ImageCase(const std::string& norm, bool backward) {
  bnlab::AppState app;
  app.host.save_file = SaveTo;
  app.step_lab.input = bnlab::DefaultLabInput();
  bnlab::Recompute(app);
  bnlab::RecomputeImage(app);
  std::string reply = bnlab::RunCommand(app, "image:norm=" + norm);
  if (norm == "ghost") reply += bnlab::RunCommand(app, "image:shape=4,2,3,3") + bnlab::RunCommand(app, "image:ghost=2");
  if (norm == "group") reply += bnlab::RunCommand(app, "image:shape=2,4,3,3") + bnlab::RunCommand(app, "image:groups=2");
  if (backward) reply += bnlab::RunCommand(app, "image:back=1");
  if (reply.find("\"ok\":false") != std::string::npos) {
    std::fprintf(stderr, "export_notebooks: image %s: %s\n", norm.c_str(), reply.c_str());
    return false;
  }
  return Run(app, "image-" + norm, "share-image-notebook");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: export_notebooks OUT\n");
    return 2;
  }
  g_out = argv[1];
  bool ok = true;
  ok &= StepCase("train", "");
  ok &= StepCase("eval", "mode=eval&running_mean=2,0.5,-1&running_var=1.5,4,0.25&momentum=0.2");
  ok &= StepCase("backward", "x=1,2,5;3,6,0;0,1,2;4,-2,7&gamma=1,2,0.5&beta=0,1,-1&dy=1,0,2;0.5,-1,1;2,1,0;-1,3,1");
  // float32 inputs whose double text is long, near 1000 with a tiny spread (eps matters): exact to the digit
  ok &= StepCase("near-1000", "x=1000.01,0.1;1000.02,0.2;999.99,0.3;1000.03,-0.4&eps=0.00001");
  ok &= StepCase("constant", "x=1,5;2,5;3,5;4,5&gamma=1,1&beta=0,0&dy=1,2;0,1;-1,0;2,-1");
  ok &= StepCase("keras", "x=1,2;3,6;0,1;4,-2;2,2&gamma=1.5,1&beta=0,0.5&running_mean=0.5,1&running_var=2,1"
                          "&dy=1,0;0.5,-1;2,1;-1,3;0,1", true);
  ok &= ImageCase("batch", true);
  ok &= ImageCase("layer", false);
  ok &= ImageCase("instance", true);
  ok &= ImageCase("group", false);
  ok &= ImageCase("ghost", true);    // no single PyTorch call: F.batch_norm per sub-batch
  ok &= ImageCase("renorm", false);  // no PyTorch call at all: the NumPy statistics, r, d and y

  return ok ? 0 : 1;
}
