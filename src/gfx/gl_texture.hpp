// gl_texture.hpp: an RGBA texture the panels can draw with ImGui::Image (the decision-boundary heat maps).
#pragma once

namespace bnlab {

// Creates (texture == 0) or refills `texture` with w×h RGBA8 pixels, bilinear filtered, clamped.
// Returns the texture id (an OpenGL name), usable as an ImTextureID.
unsigned UploadRgbaTexture(unsigned texture, int w, int h, const unsigned char* rgba);

}  // namespace bnlab
