// practice_panel.cpp: practice mode's box in the step panel: the question, the answer field, the hint,
// the last answer's working and the score.
//
//   DrawPracticeToggle  the "Practice" / "End practice" button beside the step navigation
//   DrawPracticeBox     the question box (drawn in place of the step's numbers while practising)
#include <imgui.h>

#include <cstring>
#include <string>

#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

void Coloured(const ImVec4& colour, const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, colour);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::PopStyleColor();
}

}  // namespace

void DrawPracticeToggle(AppState& app) {
  bn::PracticeSession& p = app.step_lab.practice.session;
  if (TrackedButton(app, false, p.on ? "End practice###practice_toggle" : "Practice###practice_toggle", "practice_toggle")) {
    if (p.on) {
      PracticeOff(app);
    } else {
      PracticeOn(app, p.seed);
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Practice: the lab hides each step's values and asks you for one of them.");
}

void DrawPracticeBox(AppState& app) {
  StepLab& lab = app.step_lab;
  PracticeState& ps = lab.practice;
  bn::PracticeSession& p = ps.session;
  const bn::PracticeScore& s = p.score;
  // Score line: right first time / with hints / shown, and the streak.
  ImGui::TextDisabled("PRACTICE");
  ImGui::SameLine();
  ImGui::Text("right first time %d · with hints %d · shown %d · streak %d (best %d)", s.first_try, s.with_hints,
              s.shown, s.streak, s.best_streak);
  if (p.done) {
    Coloured(Colour(Slot::Right), "Round complete: every value of this batch computed. " + p.feedback);
    if (TrackedButton(app, false, "New round (other questions)", "practice_new_round")) PracticeOn(app, p.seed + 1);
    return;
  }
  if (!p.feedback.empty()) {
    const bool right = p.feedback.rfind("Right", 0) == 0;
    Coloured(right ? Colour(Slot::Right) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled), "Last: " + p.feedback);
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(bn::PracticePrompt(lab.trace, p.q).c_str());
  ImGui::PopTextWrapPos();
  if (p.q.step < 0) {
    if (TrackedButton(app, false, "Next step", "practice_skip")) {
      if (lab.step + 1 < static_cast<int>(lab.trace.steps.size())) ++lab.step;
      PracticeFollow(app);
      app.hash_dirty = true;
    }
    return;
  }
  const std::string label = bn::PracticeLabel(lab.trace, p.q) + " =";
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label.c_str());
  ImGui::SameLine();
  if (ps.focus_answer) {
    ImGui::SetKeyboardFocusHere();
    ps.focus_answer = false;
  }
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  const bool entered = ImGui::InputText("##practice_answer", ps.answer_text.data(), ps.answer_text.size(),
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  TrackItem(app, "practice_answer");
  ImGui::SameLine();
  const bool check = TrackedButton(app, false, "Check", "practice_check");
  if (entered || check) PracticeAnswer(app, std::string(ps.answer_text.data()));
  ImGui::SameLine();
  if (TrackedButton(app, false, "Show the answer", "practice_show")) PracticeReveal(app);
  ImGui::SameLine();
  ImGui::TextDisabled("try %d of %d", p.attempts + 1, bn::kAnswerTries);
  if (!ps.answer_error.empty()) Coloured(Colour(Slot::Error), "Not read: " + ps.answer_error);
  if (!p.hint.empty()) {
    ImGui::TextDisabled("HINT");
    // The hint's formula is the step's own (Ioffe & Szegedy 2015, Algorithm 1) with this batch's numbers.
    HelpMarker("The hint is this step's formula with the batch's numbers put in (6 significant digits); only the "
               "result is left for you. An answer within 0.1 % of the true value counts as right.");
    Coloured(Colour(Slot::Hint), p.hint);
  }
}

}  // namespace bnlab
