// curves_csv.cpp: CurvesToCsv.
#include "core/train/curves_csv.hpp"

#include "core/io/json.hpp"

namespace bn {

std::string CurvesToCsv(const std::vector<Run>& runs) {
  std::string s = "step,network,train_loss,train_acc,test_loss,test_acc\n";
  size_t longest = 0;
  for (const Run& r : runs) longest = std::max(longest, r.log.size());
  // Step by step, every network's row (the networks log at the same steps; a diverged one stops).
  for (size_t k = 0; k < longest; ++k)
    for (const Run& r : runs) {
      if (k >= r.log.size()) continue;
      const LogRow& row = r.log[k];
      s += std::to_string(row.step) + "," + NormName(r.norm) + "," + Json::Float32Text(row.train_loss) + "," +
           Json::Float32Text(row.train_acc) + "," + Json::Float32Text(row.test_loss) + "," +
           Json::Float32Text(row.test_acc) + "\n";
    }
  return s;
}

}  // namespace bn
