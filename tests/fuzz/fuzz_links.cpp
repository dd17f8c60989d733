// fuzz_links.cpp: libFuzzer target for the training lab's link (ApplyTrainHash) and the image lab's
// (ApplyImageHash). All or nothing: a refusal says why on one line and leaves the state untouched; an accepted
// link's state writes back (FormatTrainHash / FormatImageHash) to a link that reads back to the same state and
// writes again to the very same text.
#include <cstdint>
#include <string>
#include <vector>

#include "core/lab/image_lab.hpp"
#include "core/lab/image_link.hpp"
#include "core/lab/train_link.hpp"
#include "core/train/trainer.hpp"
#include "fuzz_util.hpp"

namespace {

const std::vector<bn::ExperimentInfo>& Ex() {
  static const std::vector<bn::ExperimentInfo> ex = bn::Experiments();
  return ex;
}

bn::TrainLink Start() {
  bn::TrainLink l;
  l.config = Ex()[0].config;
  l.norms = Ex()[0].norms;
  return l;
}

bool SameLink(const bn::TrainLink& a, const bn::TrainLink& b, bool points) {
  const bn::TrainConfig &p = a.config, &q = b.config;
  return a.experiment == b.experiment && a.own == b.own && (!points || a.points == b.points) && a.norms == b.norms &&
         p.net.depth == q.net.depth && p.net.width == q.net.width && p.net.activation == q.net.activation &&
         p.batch == q.batch && p.data.kind == q.data.kind && p.data.count == q.data.count &&
         p.data.seed == q.data.seed;
}

void FuzzTrain(const std::string& hash) {
  bn::TrainLink link = Start();
  std::string error;
  if (!bn::ApplyTrainHash(hash, Ex(), &link, &error)) {
    CheckMessage(error);
    if (!SameLink(link, Start(), true)) FUZZ_FAIL("links #1");
    return;
  }
  bool left_out = false;
  const std::string written = bn::FormatTrainHash(link, Ex(), &left_out);
  bn::TrainLink again = Start();
  if (!bn::ApplyTrainHash(written, Ex(), &again, &error)) {
    if (left_out) return;  // own points too many for a link: the UI offers a CSV file instead
    FUZZ_FAIL("links #2");
  }
  if (!SameLink(link, again, !left_out)) FUZZ_FAIL("links #3");
  bool left_out2 = false;
  if (!left_out && bn::FormatTrainHash(again, Ex(), &left_out2) != written) FUZZ_FAIL("links #4");
}

void FuzzImage(const std::string& hash) {
  const bn::ImageLabInput start = bn::DefaultImageLabInput();
  bn::ImageLabInput in = start;
  int step = 2;
  std::string error;
  if (!bn::ApplyImageHash(hash, &in, &step, &error)) {
    CheckMessage(error);
    if (in.n != start.n || in.c != start.c || in.seed != start.seed || in.params.groups != start.params.groups ||
        !in.edits.empty() || step != 2)
      FUZZ_FAIL("links #5");
    return;
  }
  const std::string written = bn::FormatImageHash(in, step);
  bn::ImageLabInput again = bn::DefaultImageLabInput();
  int step2 = 0;
  if (!bn::ApplyImageHash(written, &again, &step2, &error)) FUZZ_FAIL("links #6");
  if (again.n != in.n || again.c != in.c || again.h != in.h || again.w != in.w || again.seed != in.seed ||
      again.params.variant != in.params.variant || again.params.groups != in.params.groups ||
      again.params.ghost_batch != in.params.ghost_batch || again.backward != in.backward || again.edits != in.edits ||
      again.gamma != in.gamma || again.beta != in.beta || step2 != step)
    FUZZ_FAIL("links #7");
  if (bn::FormatImageHash(again, step2) != written) FUZZ_FAIL("links #8");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string hash(reinterpret_cast<const char*>(data), size);
  if (bn::IsImageHash(hash)) FuzzImage(hash);
  else FuzzTrain(hash);
  return 0;
}
