// image_link.cpp: IsImageHash, ApplyImageHash / ApplyImagePairs, FormatImageHash (see image_link.hpp).
// The refusals are catalog texts (assets/i18n, keys link.*) in the current language; the keys stay English.
#include "core/lab/image_link.hpp"

#include <stdexcept>
#include <vector>

#include "core/base/message.hpp"
#include "core/i18n/current.hpp"
#include "core/lab/lab_hash.hpp"

namespace bn {

bool IsImageHash(const std::string& hash) {
  const size_t start = !hash.empty() && hash[0] == '#' ? 1 : 0;
  return hash.compare(start, 10, "lab=image&") == 0 || hash.substr(start) == "lab=image";
}

bool ApplyImageHash(const std::string& hash, ImageLabInput* in, int* step, std::string* error) {
  LinkPairs pairs;
  return SplitHashPairs(hash, &pairs, error) && ApplyImagePairs(pairs, in, step, error);
}

bool ApplyImagePairs(const LinkPairs& pairs, ImageLabInput* in, int* step, std::string* error) {
  ImageLabInput next = DefaultImageLabInput();
  int next_step = 0;
  // The shape first: it fixes C for the per-channel keys and the size for the edits.
  if (const std::string* shape = LinkValue(pairs, "shape")) {
    const std::vector<std::string> parts = SplitLinkList(*shape, ',');
    if (parts.size() != 4) {
      *error = Tr("link.shape", {{"got", bn::Quote(*shape)}});
      return false;
    }
    int dims[4] = {0, 0, 0, 0};
    for (int q = 0; q < 4; ++q)
      if (!ParseLinkInt(std::string("shape ") + "NCHW"[q], parts[q], 1, kImageMaxDim, &dims[q], error)) return false;
    ResizeImageLab(&next, dims[0], dims[1], dims[2], dims[3]);
  }
  const int c = next.c;
  auto per_channel = [&](const std::string& key, const std::string& value, Row* row) {
    if (!ParseHashRow(value, key, row, error)) return false;
    if (row->size() != c) {
      *error = Tr("link.per_channel", {{"key", key}, {"n", std::to_string(row->size())}, {"c", std::to_string(c)}});
      return false;
    }
    return true;
  };
  for (const auto& [key, value] : pairs) {
    if (key == "shape") continue;
    if (key == "lab") {
      if (value != "image") {
        *error = Tr("link.lab_image", {{"got", bn::Quote(value)}});
        return false;
      }
    } else if (key == "norm") {
      if (!ParseNormKey(value, &next.params.variant)) {
        *error = Tr("link.norm", {{"got", bn::Quote(value)}});
        return false;
      }
    } else if (key == "groups") {
      if (!ParseLinkInt(key, value, 1, kImageMaxDim, &next.params.groups, error)) return false;
    } else if (key == "ghost") {
      if (!ParseLinkInt(key, value, 1, kImageMaxDim, &next.params.ghost_batch, error)) return false;
    } else if (key == "seed") {
      if (!ParseLinkInt(key, value, 0, 1000000, &next.seed, error)) return false;
    } else if (key == "step") {
      if (!ParseLinkInt(key, value, 0, 100, &next_step, error)) return false;
    } else if (key == "back") {
      int b = 0;
      if (!ParseLinkInt(key, value, 0, 1, &b, error)) return false;
      next.backward = b == 1;
    } else if (key == "eps" || key == "r_max" || key == "d_max") {
      double v = 0.0;
      if (!ParseLinkNumber(key, value, &v, error)) return false;
      const double lo = key == "r_max" ? 1.0 : 0.0;
      if (v < lo) {
        *error = Tr("link.at_least", {{"key", key}, {"min", lo == 1.0 ? "1" : "0"}, {"got", bn::Quote(value)}});
        return false;
      }
      (key == "eps" ? next.eps : key == "r_max" ? next.params.r_max : next.params.d_max) = v;
    } else if (key == "gamma") {
      if (!per_channel(key, value, &next.gamma)) return false;
    } else if (key == "beta") {
      if (!per_channel(key, value, &next.beta)) return false;
    } else if (key == "running_mean") {
      if (!per_channel(key, value, &next.params.running_mean)) return false;
    } else if (key == "running_var") {
      if (!per_channel(key, value, &next.params.running_var)) return false;
      if ((next.params.running_var.array() < 0).any()) {
        *error = Tr("link.running_var_negative");
        return false;
      }
    } else if (key == "edit") {
      if (value.empty()) continue;
      for (const std::string& item : SplitLinkList(value, ';')) {  // "index:value;index:value"
        const size_t colon = item.find(':');
        if (colon == std::string::npos) {
          *error = Tr("link.edit_form", {{"item", bn::Quote(item)}});
          return false;
        }
        int index = 0;
        double v = 0.0;
        if (!ParseLinkInt(Tr("link.edit_index"), item.substr(0, colon), 0, next.n * next.c * next.h * next.w - 1,
                          &index, error) ||
            !ParseLinkNumber(Tr("link.edit_value"), item.substr(colon + 1), &v, error))
          return false;
        try {
          SetImageValue(&next, index, v);
        } catch (const std::invalid_argument& e) {
          *error = Tr("link.key_why", {{"key", "edit"}, {"why", e.what()}});
          return false;
        }
      }
    } else {
      *error = Tr("link.unknown_key", {{"key", bn::Quote(key)},
                                        {"known", "lab, shape, norm, groups, ghost, r_max, d_max, eps, gamma, beta, "
                                                  "running_mean, running_var, seed, edit, back, step"}});
      return false;
    }
  }
  *in = next;
  *step = next_step;
  return true;
}

std::string FormatImageHash(const ImageLabInput& in, int step) {
  std::string h = "lab=image&shape=" + std::to_string(in.n) + "," + std::to_string(in.c) + "," + std::to_string(in.h) +
                  "," + std::to_string(in.w) + "&norm=" + NormKeyName(in.params.variant);
  // groups and ghost are kept while another variant is chosen (switching back finds them): the link keeps them too.
  if (in.params.variant == NormVariant::Group || in.params.groups != 1) h += "&groups=" + std::to_string(in.params.groups);
  if (in.params.variant == NormVariant::Ghost || in.params.ghost_batch != 1)
    h += "&ghost=" + std::to_string(in.params.ghost_batch);
  if (in.params.variant == NormVariant::Renorm)
    h += "&r_max=" + ShortestFloat32(in.params.r_max) + "&d_max=" + ShortestFloat32(in.params.d_max) +
         "&running_mean=" + FormatRow(in.params.running_mean) + "&running_var=" + FormatRow(in.params.running_var);
  h += "&eps=" + ShortestFloat32(in.eps) + "&gamma=" + FormatRow(in.gamma) + "&beta=" + FormatRow(in.beta) +
       "&seed=" + std::to_string(in.seed);
  if (!in.edits.empty()) {
    h += "&edit=";
    for (size_t q = 0; q < in.edits.size(); ++q)
      h += (q ? ";" : "") + std::to_string(in.edits[q].first) + ":" + ShortestFloat32(in.edits[q].second);
  }
  if (in.backward) h += "&back=1";
  h += "&step=" + std::to_string(step);
  return h;
}

}  // namespace bn
