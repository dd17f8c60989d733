// gradcheck.hpp: BN's dx by central finite differences, to set beside the analytic dx.
#pragma once

#include "core/bn/bn.hpp"

namespace bn {

// ∂L/∂x for L = Σᵢⱼ dyᵢⱼ·yᵢⱼ(x), by central differences: (L(x + h·e) − L(x − h·e)) / 2h with
// h = rel_step·(1 + |xᵢⱼ|). `in` must have dy. Cost: 2·M·D forward passes (the lab's batches are small).
Mat NumericDx(const TraceInput& in, double rel_step = 1e-5);

}  // namespace bn
