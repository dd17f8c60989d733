// touch_web.cpp: the gesture reader of touch_web.hpp.
//
// Each frame reads the queued touch events only as far as ImGui must see one state per frame: the finger's
// place first (a frame with the pointer there and no button, so ImGui knows what lies under it), then the
// press, then the release, then the pointer leaves. A quick tap whose start and end arrive together is
// therefore spread over three frames, and a slow one is the same three steps: one click either way.
//
//   Reading    one function per gesture state: what the new events mean
//   TouchApply the pointer, the button, the scrolling and the scale for ImGui
#include "app/touch_web.hpp"

#include <imgui_internal.h>  // HoveredId, HoveredWindow, window scrolling, the text field's state

#include <algorithm>
#include <cfloat>
#include <cmath>

namespace bnlab {
namespace {

using Gesture = TouchInput::Gesture;

constexpr int kStart = 0, kMove = 1, kEnd = 2, kCancel = 3;
constexpr float kSlopCss = 10.0f;        // a finger that moves less than this is still tapping (CSS px)
constexpr double kPressOnItemMs = 150.0;  // a finger resting this long on a control presses it
constexpr double kLongPressMs = 500.0;    // ... elsewhere, it is a long press: the pointer hovers there
constexpr double kVelocityWindowMs = 100.0;  // a swipe's speed: over its last 100 ms
constexpr float kInertiaPerSecond = 4.0f;    // the fling slows by e⁻⁴ per second (≈ 0.25 s to a third)
constexpr float kMinFlingCss = 60.0f;        // slower than this (CSS px/s) the content just stops

float Length(ImVec2 v) { return std::sqrt(v.x * v.x + v.y * v.y); }

// The innermost window at or above `w` (children up to their root) that can scroll along `axis` (0 x, 1 y):
// sideways only where a horizontal scroll bar shows (a panel whose text merely overflows does not scroll).
ImGuiWindow* ScrollableAncestor(ImGuiWindow* w, int axis) {
  for (; w != nullptr; w = w->ParentWindow) {
    const bool can = axis == 0 ? w->ScrollbarX && w->ScrollMax.x > 0.0f : w->ScrollMax.y > 0.0f;
    if (can && !(w->Flags & ImGuiWindowFlags_NoScrollWithMouse)) return w;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
  }
  return nullptr;
}

TouchInput::Event Pop(TouchInput& t) {
  const TouchInput::Event e = t.queue.front();
  t.queue.erase(t.queue.begin());
  return e;
}

void Enter(TouchInput& t, Gesture g) {
  t.gesture = g;
  t.frames = 0;
}

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------
// No gesture: events of fingers already let go are dropped; a new finger starts one.
void ReadIdle(TouchInput& t, float dpr, double now_ms) {
  (void)now_ms;
  while (!t.queue.empty()) {
    const TouchInput::Event e = Pop(t);
    if (e.phase != kStart) continue;
    Enter(t, Gesture::Down);
    t.finger = e.id;
    t.start = t.pos = ImVec2(e.pos.x * dpr, e.pos.y * dpr);
    t.start_ms = e.ms;
    t.decided = t.on_item = false;
    t.scroll_x = t.scroll_y = 0;
    t.velocity = ImVec2(0, 0);
    t.hold_hover = false;
    t.trail.assign(1, {e.ms, t.pos});
    return;  // this frame shows the pointer at the finger, nothing else
  }
}

void StartPinch(TouchInput& t, const TouchInput::Event& e, float dpr, float ui_scale) {
  t.finger2 = e.id;
  t.pos2 = ImVec2(e.pos.x * dpr, e.pos.y * dpr);
  t.pinch_dist = std::max(1.0f, Length(ImVec2(t.pos2.x - t.pos.x, t.pos2.y - t.pos.y)));
  t.pinch_scale = ui_scale;
  Enter(t, Gesture::Pinch);
}

// A finger down, not yet a tap, a press, a swipe or a long press. Last frame showed ImGui the pointer
// there: whether a control lies under it decides what a movement means.
void ReadDown(TouchInput& t, float dpr, double now_ms, float ui_scale, ImVec2* scroll) {
  ImGuiContext& g = *GImGui;
  if (!t.decided) {
    t.decided = true;
    t.on_item = g.HoveredId != 0;
    t.on_surface = t.on_item && g.HoveredId == t.drag_surface;
    t.on_text = g.MouseCursor == ImGuiMouseCursor_TextInput;  // ImGui shows the text cursor over a text field
    ImGuiWindow* x = ScrollableAncestor(g.HoveredWindow, 0);
    ImGuiWindow* y = ScrollableAncestor(g.HoveredWindow, 1);
    t.scroll_x = x ? x->ID : 0;
    t.scroll_y = y ? y->ID : 0;
  }
  while (!t.queue.empty()) {
    const TouchInput::Event& e = t.queue.front();
    if (e.id != t.finger) {
      const TouchInput::Event other = Pop(t);
      if (other.phase == kStart) return StartPinch(t, other, dpr, ui_scale);
      continue;
    }
    const TouchInput::Event own = Pop(t);
    if (own.phase == kMove) {
      t.pos = ImVec2(own.pos.x * dpr, own.pos.y * dpr);
      t.trail.push_back({own.ms, t.pos});
      const ImVec2 d(t.pos.x - t.start.x, t.pos.y - t.start.y);
      if (Length(d) <= kSlopCss * dpr) continue;
      // Moved: along a panel that scrolls that way (or anywhere off the controls) it is a swipe; on a
      // control across the scrolling (a slider dragged sideways) it is that control's drag.
      const bool vertical = std::fabs(d.y) >= std::fabs(d.x);
      // On a drawing surface every direction is the control's.
      const bool swipe = !t.on_item || (!t.on_surface && (vertical ? t.scroll_y != 0 : t.scroll_x != 0));
      if (swipe) {
        Enter(t, Gesture::Pan);
        *scroll = d;  // the content follows the finger from where it went down
      } else {
        Enter(t, Gesture::Press);
        t.press_by_hold = false;
        t.pos = t.start;  // pressed where it went down; the drag follows from the next frame
      }
      return;
    }
    if (own.phase == kEnd) {
      Enter(t, Gesture::TapDown);
      t.pos = t.start;  // where ImGui saw the pointer
      return;
    }
    if (own.phase == kCancel) {
      Enter(t, Gesture::None);
      return;
    }
  }
  // Resting: on a control it presses (a text field waits for the tap: pressing one opens it for typing);
  // elsewhere it becomes a long press.
  const double held = now_ms - t.start_ms;
  if (t.on_item && !t.on_text && held >= kPressOnItemMs) {
    Enter(t, Gesture::Press);
    t.press_by_hold = true;
  } else if ((!t.on_item || t.on_text) && held >= kLongPressMs) {
    Enter(t, Gesture::LongPress);
  }
}

// The button is down on a control: the pointer follows the finger; the release waits until the press has
// been seen for a frame. A press that came from resting turns into a swipe when the finger then moves along
// the scrolling.
void ReadPress(TouchInput& t, float dpr, ImVec2* scroll) {
  while (!t.queue.empty()) {
    const TouchInput::Event& e = t.queue.front();
    if (e.id != t.finger || e.phase == kStart) {
      Pop(t);
      continue;
    }
    if (e.phase == kMove) {
      t.pos = ImVec2(e.pos.x * dpr, e.pos.y * dpr);
      t.trail.push_back({e.ms, t.pos});
      Pop(t);
      // Pressed by resting, then moved along a panel that scrolls that way: it was a slow swipe after all.
      // The pointer leaves the control before the button goes up, so the control is not clicked.
      const ImVec2 d(t.pos.x - t.start.x, t.pos.y - t.start.y);
      const bool vertical = std::fabs(d.y) >= std::fabs(d.x);
      if (t.press_by_hold && !t.on_surface && Length(d) > kSlopCss * dpr && (vertical ? t.scroll_y != 0 : t.scroll_x != 0)) {
        Enter(t, Gesture::Pan);
        *scroll = d;
        return;
      }
      continue;
    }
    if (t.frames < 1) return;  // pressed this very frame: release next frame
    const TouchInput::Event up = Pop(t);
    if (up.phase == kEnd) t.pos = ImVec2(up.pos.x * dpr, up.pos.y * dpr);
    if (up.phase == kCancel) t.pos = ImVec2(-FLT_MAX, -FLT_MAX);  // let go off every control: no click
    Enter(t, Gesture::Release);
    return;
  }
}

// A swipe: the content follows the finger; when it lifts, the content keeps the finger's last speed and slows.
void ReadPan(TouchInput& t, float dpr, float ui_scale, bool inertia, ImVec2* scroll) {
  while (!t.queue.empty()) {
    const TouchInput::Event e = Pop(t);
    if (e.id != t.finger) {
      if (e.phase == kStart) return StartPinch(t, e, dpr, ui_scale);
      continue;
    }
    const ImVec2 p(e.pos.x * dpr, e.pos.y * dpr);
    if (e.phase == kMove || e.phase == kEnd) {
      scroll->x += p.x - t.pos.x;
      scroll->y += p.y - t.pos.y;
      t.pos = p;
      t.trail.push_back({e.ms, p});
    }
    if (e.phase == kEnd || e.phase == kCancel) {
      t.velocity = ImVec2(0, 0);
      // Speed over the last kVelocityWindowMs.
      size_t k = t.trail.size() - 1;
      while (k > 0 && t.trail.back().ms - t.trail[k - 1].ms <= kVelocityWindowMs) --k;
      const double dt_ms = t.trail.back().ms - t.trail[k].ms;
      if (inertia && e.phase == kEnd && dt_ms > 5.0) {
        const float vx = static_cast<float>((t.trail.back().pos.x - t.trail[k].pos.x) * 1000.0 / dt_ms);
        const float vy = static_cast<float>((t.trail.back().pos.y - t.trail[k].pos.y) * 1000.0 / dt_ms);
        if (Length(ImVec2(vx, vy)) > kMinFlingCss * dpr) t.velocity = ImVec2(vx, vy);
      }
      Enter(t, Gesture::None);
      return;
    }
  }
}

// A long press off the controls: the pointer rests under the finger (tooltips and (?) help show) and stays
// there after the finger lifts, until the next touch.
void ReadLongPress(TouchInput& t, float dpr) {
  while (!t.queue.empty()) {
    const TouchInput::Event e = Pop(t);
    if (e.id != t.finger) continue;
    if (e.phase == kMove) t.pos = ImVec2(e.pos.x * dpr, e.pos.y * dpr);
    if (e.phase == kEnd || e.phase == kCancel) {
      t.hold_hover = e.phase == kEnd;
      Enter(t, Gesture::None);
      return;
    }
  }
}

// Two fingers: the UI scale follows the ratio of their distance to the distance they started at, in 5 %
// steps (each step rebuilds the font). Lifting either ends the pinch; the other finger is then ignored.
void ReadPinch(TouchInput& t, float dpr, float* ui_scale) {
  while (!t.queue.empty()) {
    const TouchInput::Event e = Pop(t);
    if (e.id != t.finger && e.id != t.finger2) continue;
    const ImVec2 p(e.pos.x * dpr, e.pos.y * dpr);
    if (e.phase == kMove) (e.id == t.finger ? t.pos : t.pos2) = p;
    if (e.phase == kEnd || e.phase == kCancel) {
      t.scale_changed = true;
      Enter(t, Gesture::None);
      break;
    }
  }
  const float dist = Length(ImVec2(t.pos2.x - t.pos.x, t.pos2.y - t.pos.y));
  const float wanted = std::round(t.pinch_scale * dist / t.pinch_dist * 20.0f) / 20.0f;
  *ui_scale = std::clamp(wanted, 0.75f, 2.0f);
}

// Scrolls window `id` by the finger's movement `delta` along `axis`; what it cannot take (it reached its end)
// goes on to the panels around it, as nested scrolling does on phones.
void ScrollWindow(ImGuiID id, int axis, float delta) {
  if (id == 0 || delta == 0.0f) return;
  float change = -delta;  // the finger moves up: the content moves up: the scroll position grows
  for (ImGuiWindow* w = ImGui::FindWindowByID(id); w != nullptr && change != 0.0f;) {
    const float now = axis == 0 ? w->Scroll.x : w->Scroll.y, max = axis == 0 ? w->ScrollMax.x : w->ScrollMax.y;
    const float next = std::clamp(now + change, 0.0f, max);
    if (next != now) {
      if (axis == 0) {
        ImGui::SetScrollX(w, next);
      } else {
        ImGui::SetScrollY(w, next);
      }
    }
    change -= next - now;
    if (!(w->Flags & ImGuiWindowFlags_ChildWindow)) break;
    w = ScrollableAncestor(w->ParentWindow, axis);
  }
}

}  // namespace

void TouchEventIn(TouchInput& t, int phase, float css_x, float css_y, int id, double ms) {
  if (phase < kStart || phase > kCancel) return;
  if (t.queue.size() > 512) t.queue.erase(t.queue.begin());  // a page in the background: keep the newest
  t.queue.push_back({phase, ImVec2(css_x, css_y), id, ms});
}

// ---------------------------------------------------------------------------------------------
// TouchApply
// ---------------------------------------------------------------------------------------------
void TouchApply(TouchInput& t, float dpr, double now_ms, bool inertia, float* ui_scale) {
  ImGuiIO& io = ImGui::GetIO();
  // io.MousePos holds GLFW's mouse here (ImGui_ImplGlfw_NewFrame just read it): when it moves, a mouse is in
  // use and the pointer goes back to it.
  const ImVec2 mouse = io.MousePos;
  const bool mouse_moved = mouse.x != t.glfw_pos.x || mouse.y != t.glfw_pos.y;
  t.glfw_pos = mouse;
  if (!t.queue.empty()) t.in_use = true;
  if (mouse_moved && t.gesture == Gesture::None && t.queue.empty()) {
    t.in_use = false;
    t.hold_hover = false;
    t.velocity = ImVec2(0, 0);
  }
  if (!t.in_use) return;

  ++t.frames;
  ImVec2 scroll(0, 0);
  switch (t.gesture) {
    case Gesture::None:
      ReadIdle(t, dpr, now_ms);
      break;
    case Gesture::Down:
      ReadDown(t, dpr, now_ms, *ui_scale, &scroll);
      break;
    case Gesture::Press:
      ReadPress(t, dpr, &scroll);
      break;
    case Gesture::TapDown:
      Enter(t, Gesture::Release);
      break;
    case Gesture::Release:
      Enter(t, Gesture::None);
      ReadIdle(t, dpr, now_ms);
      break;
    case Gesture::Pan:
      ReadPan(t, dpr, *ui_scale, inertia, &scroll);
      break;
    case Gesture::LongPress:
      ReadLongPress(t, dpr);
      break;
    case Gesture::Pinch:
      ReadPinch(t, dpr, ui_scale);
      break;
  }
  // After a swipe: the fling, slowing down.
  if (t.gesture == Gesture::None && (t.velocity.x != 0.0f || t.velocity.y != 0.0f)) {
    const float dt = std::clamp(io.DeltaTime, 0.001f, 0.1f);
    scroll.x += t.velocity.x * dt;
    scroll.y += t.velocity.y * dt;
    const float keep = std::exp(-kInertiaPerSecond * dt);
    t.velocity = ImVec2(t.velocity.x * keep, t.velocity.y * keep);
    if (Length(t.velocity) < kMinFlingCss * dpr) t.velocity = ImVec2(0, 0);
  }
  ScrollWindow(t.scroll_x, 0, scroll.x);
  ScrollWindow(t.scroll_y, 1, scroll.y);

  // What ImGui sees this frame.
  const ImVec2 away(-FLT_MAX, -FLT_MAX);
  switch (t.gesture) {
    case Gesture::Down:
    case Gesture::Press:
    case Gesture::TapDown:
    case Gesture::Release:
    case Gesture::LongPress:
      io.MousePos = t.pos;
      break;
    case Gesture::None:
      io.MousePos = t.hold_hover ? t.pos : away;
      break;
    default:
      io.MousePos = away;
  }
  for (bool& down : io.MouseDown) down = false;
  io.MouseDown[0] = t.gesture == Gesture::Press || t.gesture == Gesture::TapDown;
}

bool TouchTextUnderPointer() { return GImGui != nullptr && GImGui->MouseCursor == ImGuiMouseCursor_TextInput; }

TextFieldPlace ActiveTextField() {
  TextFieldPlace p;
  ImGuiContext& g = *GImGui;
  if (g.WantTextInputNextFrame != 1 || g.ActiveId == 0) return p;
  p.active = true;
  p.numeric = !(g.InputTextState.ID == g.ActiveId && (g.InputTextState.Flags & ImGuiInputTextFlags_Multiline));
  p.x = g.PlatformImePos.x;
  p.y = g.PlatformImePos.y;
  p.w = g.FontSize * 4.0f;
  p.h = g.FontSize * 1.2f;
  return p;
}

}  // namespace bnlab
