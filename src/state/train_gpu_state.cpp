// train_gpu_state.cpp: RecordPath, the path the training lab's networks took (for the landscape's projected path).
#include "state/train_gpu_state.hpp"

#include "core/train/trainer.hpp"

namespace bnlab {

void RecordPath(TrainGpuState& s, const bn::Trainer& tr) {
  const size_t runs = tr.runs().size();
  if (s.path.size() != runs || tr.step() < s.path_step || s.path_trainer != &tr) {  // new networks: a new path
    s.path_trainer = &tr;
    s.path.assign(runs, {});
    s.path_steps.clear();
    s.path_step = -1;
  }
  if (tr.step() == s.path_step) return;
  for (size_t r = 0; r < runs; ++r) s.path[r].push_back(tr.runs()[r].net.Params());
  s.path_steps.push_back(tr.step());
  s.path_step = tr.step();
  if (s.path_steps.size() > 400) {  // keep every other old point: the whole path at half the resolution
    for (auto& p : s.path) {
      std::vector<Eigen::VectorXf> kept;
      for (size_t k = 0; k < p.size(); k += 2) kept.push_back(p[k]);
      p.swap(kept);
    }
    std::vector<int> kept;
    for (size_t k = 0; k < s.path_steps.size(); k += 2) kept.push_back(s.path_steps[k]);
    s.path_steps.swap(kept);
  }
}

}  // namespace bnlab
