// touch_web.hpp: touch gestures on the web page, read by bnlab itself (Dear ImGui 1.86 knows only a mouse,
// and Emscripten's GLFW turns touches into a mouse that presses before it moves: lost and doubled taps).
// web/touch.js passes every touch event here (bnlab_touch) and keeps them from GLFW; once a frame, between
// ImGui_ImplGlfw_NewFrame and ImGui::NewFrame, TouchApply writes what the gestures mean into ImGui's input:
//
//   tap               the pointer moves to the finger, the button goes down the next frame, stays down at
//                     least one frame, goes up, and the pointer then leaves (nothing stays hovered): one click
//   press and drag    on a control (slider, drag): the control follows the finger; on a drawing surface
//                     (ui.drag_surface: the training lab's map with Draw on) in any direction, never scrolling
//   swipe             elsewhere, or along a scrollable panel: the panel scrolls, with a little inertia
//   long press        where there is no control: the pointer rests there, as a hovering mouse (the (?) help)
//   pinch             two fingers: the UI scale
#pragma once

#include <imgui.h>

#include <vector>

namespace bnlab {

struct TouchInput {
  enum class Gesture { None, Down, Press, TapDown, Release, Pan, LongPress, Pinch };
  struct Event {
    int phase;   // 0 start, 1 move, 2 end, 3 cancel
    ImVec2 pos;  // CSS pixels from the canvas's top-left corner
    int id;
    double ms;   // the event's time stamp (performance.now's clock)
  };
  std::vector<Event> queue;        // events not yet read by a frame
  bool in_use = false;             // the pointer belongs to touch (until a mouse moves)
  ImVec2 glfw_pos{-1.0f, -1.0f};   // the mouse position GLFW reported last frame (a change: a mouse moved)
  Gesture gesture = Gesture::None;
  int finger = -1, finger2 = -1;   // touch ids of the first and (pinch) second finger
  ImVec2 start, pos, pos2;         // canvas pixels
  double start_ms = 0.0;
  int frames = 0;                  // frames since the gesture's state began
  bool decided = false, on_item = false;
  ImGuiID drag_surface = 0;        // a control that takes every drag (AppState ui.drag_surface), 0: none
  bool on_surface = false;         // the finger went down on it: moving draws, never scrolls
  bool on_text = false;            // the finger went down on a text field (it activates on a tap only)
  bool press_by_hold = false;      // the press came from resting on a control (a swipe may still cancel it)
  ImGuiID scroll_x = 0, scroll_y = 0;  // the windows a swipe scrolls (0: none)
  ImVec2 velocity;                 // canvas pixels per second, for the inertia after a swipe
  struct Sample { double ms; ImVec2 pos; };
  std::vector<Sample> trail;       // the swipe's last positions (velocity)
  bool hold_hover = false;         // after a long press: the pointer stays where it was
  float pinch_dist = 1.0f, pinch_scale = 1.0f;
  bool scale_changed = false;      // a pinch ended with a new UI scale (to be saved)
};

// Queues one touch event (web/touch.js → bnlab_touch).
void TouchEventIn(TouchInput& t, int phase, float css_x, float css_y, int id, double ms);

// Turns the queued events into this frame's pointer, button, scrolling and *ui_scale (75–200 %).
// `dpr` converts CSS to canvas pixels; `now_ms` is performance.now(); `inertia` false under reduced motion.
void TouchApply(TouchInput& t, float dpr, double now_ms, bool inertia, float* ui_scale);

// Whether last frame's pointer rested on a text field (ImGui showed the text cursor there).
bool TouchTextUnderPointer();

// The text field ImGui edits after this frame, if any: its caret's place (canvas pixels) and whether it
// takes a number (every single-line field in bnlab does).
struct TextFieldPlace {
  bool active = false, numeric = false;
  float x = 0, y = 0, w = 0, h = 0;
};
TextFieldPlace ActiveTextField();

}  // namespace bnlab
