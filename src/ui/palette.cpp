// palette.cpp: the palette's ImGui side (see palette.hpp): the theme on screen and a slot's colour in it.
#include "ui/palette.hpp"

#include <imgui.h>

namespace bnlab {

Theme CurrentTheme() {
  const ImVec4& bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
  return ThemeOfBackground(bg.x, bg.y, bg.z);
}

ImVec4 Colour(Slot s) {
  const Rgba c = PaletteRgba(s, CurrentTheme());
  return ImVec4(c.r, c.g, c.b, c.a);
}

ImU32 ColourU32(Slot s, float alpha) {
  ImVec4 c = Colour(s);
  c.w *= alpha;
  return ImGui::GetColorU32(c);
}

}  // namespace bnlab
