// practice_panel.cpp: practice mode's box in the step panel: the question, the answer field, the hint,
// the last answer's working and the score.
//
//   DrawPracticeToggle  the "Practice" / "End practice" button beside the step navigation
//   DrawPracticeBox     the question box (drawn in place of the step's numbers while practising)
#include <imgui.h>

#include <cstring>
#include <string>

#include "core/i18n/current.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

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
  const std::string toggle = (p.on ? Tr("ui.practice.end") : Tr("ui.practice.start")) + "###practice_toggle";
  if (TrackedButton(app, false, toggle.c_str(), "practice_toggle")) {
    if (p.on) {
      PracticeOff(app);
    } else {
      PracticeOn(app, p.seed);
    }
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("%s", Tr("ui.practice.tooltip").c_str());
}

void DrawPracticeBox(AppState& app) {
  StepLab& lab = app.step_lab;
  PracticeState& ps = lab.practice;
  bn::PracticeSession& p = ps.session;
  const bn::PracticeScore& s = p.score;
  // Score line: right first time / with hints / shown, and the streak.
  ImGui::TextDisabled("%s", Tr("ui.practice.heading").c_str());
  ImGui::SameLine();
  ImGui::TextUnformatted(Tr("ui.practice.score", {{"first", std::to_string(s.first_try)},
                                                  {"hints", std::to_string(s.with_hints)},
                                                  {"shown", std::to_string(s.shown)},
                                                  {"streak", std::to_string(s.streak)},
                                                  {"best", std::to_string(s.best_streak)}})
                             .c_str());
  if (p.done) {
    Coloured(Colour(Slot::Right), Tr("ui.practice.round_complete", {{"feedback", p.feedback}}));
    const std::string new_round = Tr("ui.practice.new_round") + "###New round (other questions)";
    if (TrackedButton(app, false, new_round.c_str(), "practice_new_round")) PracticeOn(app, p.seed + 1);
    return;
  }
  if (!p.feedback.empty()) {
    Coloured(p.feedback_right ? Colour(Slot::Right) : ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled),
             Tr("ui.practice.last", {{"feedback", p.feedback}}));
  }
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(bn::PracticePrompt(lab.trace, p.q).c_str());
  ImGui::PopTextWrapPos();
  if (p.q.step < 0) {
    if (TrackedButton(app, false, (Tr("ui.practice.next_step") + "###Next step").c_str(), "practice_skip")) {
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
  const bool check = TrackedButton(app, false, (Tr("ui.practice.check") + "###Check").c_str(), "practice_check");
  if (entered || check) PracticeAnswer(app, std::string(ps.answer_text.data()));
  ImGui::SameLine();
  const std::string show = Tr("ui.practice.show") + "###Show the answer";
  if (TrackedButton(app, false, show.c_str(), "practice_show")) PracticeReveal(app);
  ImGui::SameLine();
  ImGui::TextDisabled("%s", Tr("ui.practice.try", {{"n", std::to_string(p.attempts + 1)},
                                                   {"total", std::to_string(bn::kAnswerTries)}}).c_str());
  if (!ps.answer_error.empty()) Coloured(Colour(Slot::Error), Tr("ui.practice.not_read", {{"error", ps.answer_error}}));
  if (!p.hint.empty()) {
    ImGui::TextDisabled("%s", Tr("ui.practice.hint").c_str());
    // The hint's formula is the step's own (Ioffe & Szegedy 2015, Algorithm 1) with this batch's numbers.
    HelpMarker(Tr("ui.practice.hint.help").c_str());
    Coloured(Colour(Slot::Hint), p.hint);
  }
}

}  // namespace bnlab
