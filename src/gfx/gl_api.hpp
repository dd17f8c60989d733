// gl_api.hpp: the OpenGL ES 3.0 / OpenGL 3.3 functions the GPU views use: WebGL2 through Emscripten's GLES3 header,
// desktop GL through the system's GL/glext.h prototypes (Mesa's libGL exports them all on Linux).
#pragma once

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#ifndef GL_GLEXT_PROTOTYPES
#define GL_GLEXT_PROTOTYPES 1
#endif
#include <GL/gl.h>
#include <GL/glext.h>
#endif
