// lesson_panel.cpp: the Lesson tab: the chapter's text, formula and questions on the left, the chapter's lab
// live on the right (the same panels as the lab's own tab, over the same state).
//
//   DrawLessonStart     first time in the tab this visit: start at chapter 1, or continue where the learner left off
//   DrawChapterNav      ◀ Chapter k of N ▶ and the chapter list
//   DrawQuestion        one question: its answer field or choices, the refusal, hint and feedback
//   DrawLessonTab       the two columns
#include <imgui.h>

#include <algorithm>
#include <string>

#include "state/learn.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

const ImVec4 kHintColour(1.0f, 0.72f, 0.3f, 1.0f);
const ImVec4 kErrorColour(1.0f, 0.45f, 0.4f, 1.0f);
const ImVec4 kRightColour(0.45f, 0.85f, 0.45f, 1.0f);

void Wrapped(const std::string& text, const ImVec4* colour = nullptr) {
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (colour) ImGui::PopStyleColor();
}

// The symbols the chapters' formulas use (Ioffe & Szegedy 2015, Algorithm 1 and §3.2; teaching-facts.md).
const char* kFormulaHelp =
    "μ: the mean of one feature over the batch. σ²: its variance, the mean of the squared deviations (dividing "
    "by m). m: the number of values of that feature in the batch (N for a dense layer, N·H·W for a convolution). "
    "ε: a small constant inside the square root. x̂: the normalized value. γ, β: the learned scale and shift.";

void DrawLessonStart(AppState& app) {
  LessonLab& lesson = app.lesson;
  const int n = static_cast<int>(bn::LessonChapters().size());
  ImGui::TextUnformatted("A guided lesson through Batch Normalization");
  Wrapped(std::to_string(n) + " short chapters. Each sets up a lab on the right, says what to look at and asks "
          "one to three questions; your answers are checked and kept.");
  ImGui::Spacing();
  if (TrackedButton(app, false, "Start at chapter 1", "lesson_start")) OpenLessonChapter(app, 0);
  const int k = lesson.session.progress.chapter;
  const int answered = bn::AnsweredTotal(lesson.session.progress);
  if (lesson.has_saved && (k > 0 || answered > 0)) {
    const std::string label = "Continue where I left off: chapter " + std::to_string(k + 1) + " (" +
                              std::to_string(answered) + " questions answered)###lesson_continue";
    if (TrackedButton(app, false, label.c_str(), "lesson_continue")) OpenLessonChapter(app, k);
  }
}

void DrawChapterNav(AppState& app) {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  const int n = static_cast<int>(chapters.size());
  const int k = app.lesson.session.progress.chapter;
  ImGui::BeginDisabled(k == 0);
  if (TrackedButton(app, false, "◀##lesson_prev", "lesson_prev")) OpenLessonChapter(app, k - 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() * 1.6f, 8.0f));
  const std::string preview = "Chapter " + std::to_string(k + 1) + " of " + std::to_string(n) + ": " + chapters[k].title;
  if (ImGui::BeginCombo("##chapter", preview.c_str())) {
    for (int c = 0; c < n; ++c) {
      const int done = bn::AnsweredCount(app.lesson.session.progress, c);
      const int total = static_cast<int>(chapters[c].questions.size());
      const std::string item = std::to_string(c + 1) + ". " + chapters[c].title + (done == total ? "  (done)" : "");
      if (ImGui::Selectable(item.c_str(), c == k)) OpenLessonChapter(app, c);
    }
    ImGui::EndCombo();
  }
  TrackItem(app, "lesson_chapters");
  ImGui::SameLine();
  ImGui::BeginDisabled(k + 1 >= n);
  if (TrackedButton(app, false, "▶##lesson_next", "lesson_next")) OpenLessonChapter(app, k + 1);
  ImGui::EndDisabled();
}

void DrawQuestion(AppState& app, int q) {
  LessonLab& lesson = app.lesson;
  const bn::Chapter& c = CurrentChapter(app);
  const bn::LessonQuestion& question = c.questions[q];
  const char status = lesson.session.progress.status[lesson.session.progress.chapter][q];
  ImGui::PushID(q);
  const std::string mark = status == '0' ? "" : status == '3' ? "  (answer shown)" : "  (right)";  // no ✓ in the font
  Wrapped(std::to_string(q + 1) + ". " + question.prompt + mark);
  if (status == '0') {
    if (question.numeric()) {
      ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
      const bool entered = ImGui::InputText("##answer", lesson.answer_text[q].data(), lesson.answer_text[q].size(),
                                            ImGuiInputTextFlags_EnterReturnsTrue);
      TrackItem(app, "lesson_answer:" + std::to_string(q));
      ImGui::SameLine();
      const bool check = TrackedButton(app, false, "Check", "lesson_check:" + std::to_string(q));
      if (entered || check) LessonAnswer(app, q, std::string(lesson.answer_text[q].data()));
    } else {
      for (size_t o = 0; o < question.choices.size(); ++o) {
        const std::string letter(1, static_cast<char>('a' + o));
        const std::string label = letter + ") " + question.choices[o] + "##choice" + letter;
        if (TrackedButton(app, true, label.c_str(), "lesson_choice:" + std::to_string(q) + ":" + letter))
          LessonAnswer(app, q, letter);
      }
    }
  }
  if (q < static_cast<int>(lesson.answer_error.size()) && !lesson.answer_error[q].empty())
    Wrapped("Not read: " + lesson.answer_error[q], &kErrorColour);
  if (q < static_cast<int>(lesson.session.hints.size()) && !lesson.session.hints[q].empty())
    Wrapped(lesson.session.hints[q], &kHintColour);
  if (q < static_cast<int>(lesson.session.feedback.size()) && !lesson.session.feedback[q].empty())
    Wrapped(lesson.session.feedback[q], status == '3' ? nullptr : &kRightColour);
  ImGui::PopID();
  ImGui::Spacing();
}

void DrawChapter(AppState& app) {
  const bn::Chapter& c = CurrentChapter(app);
  DrawChapterNav(app);
  ImGui::Separator();
  ImGui::PushStyleColor(ImGuiCol_Text, NumbersColour());
  Wrapped(c.title);
  ImGui::PopStyleColor();
  ImGui::Spacing();
  Wrapped(c.text);
  if (!c.formula.empty()) {  // the help marker beside the heading, so a formula that wraps cannot push it out of view
    ImGui::Spacing();
    ImGui::TextDisabled("FORMULA");
    HelpMarker(kFormulaHelp);
    const ImVec4 accent = ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram);
    Wrapped(c.formula, &accent);
  }
  ImGui::Spacing();
  ImGui::TextDisabled("LOOK AT");
  Wrapped(c.look_at);
  ImGui::Spacing();
  ImGui::TextDisabled("QUESTIONS");
  for (int q = 0; q < static_cast<int>(c.questions.size()); ++q) DrawQuestion(app, q);
  const int k = app.lesson.session.progress.chapter, n = static_cast<int>(bn::LessonChapters().size());
  if (k + 1 < n) {
    if (TrackedButton(app, false, "Next chapter ▶", "lesson_next_bottom")) OpenLessonChapter(app, k + 1);
  } else {
    Wrapped("That was the last chapter. Practise in the step lab: its Practice button hides each step's values "
            "and asks you for them.");
    if (TrackedButton(app, false, "Practise in the step lab", "lesson_to_practice")) {
      app.ui.tab_request = Lab::Step;
      PracticeOn(app, app.step_lab.practice.session.seed);
    }
  }
}

}  // namespace

void DrawLessonTab(AppState& app) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float font = ImGui::GetFontSize();
  const float text_w = std::clamp(avail.x * 0.36f, std::min(22.0f * font, avail.x), 34.0f * font);
  ImGui::BeginChild("lesson_text", ImVec2(text_w, 0), true, kPanelFlags);
  if (!app.lesson.started) {
    DrawLessonStart(app);
  } else {
    DrawChapter(app);
  }
  ImGui::EndChild();
  if (!app.lesson.started) return;
  ImGui::SameLine();
  ImGui::BeginChild("lesson_lab", ImVec2(0, 0), false, kPanelFlags);
  switch (CurrentChapter(app).lab) {
    case bn::ChapterLab::Step: DrawStepThroughTab(app); break;
    case bn::ChapterLab::Image: DrawImagePanel(app); break;
    case bn::ChapterLab::Training: DrawTrainingPanel(app); break;
  }
  ImGui::EndChild();
}

}  // namespace bnlab
