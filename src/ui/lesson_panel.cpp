// lesson_panel.cpp: the Lesson tab: the chapter's text, formula and questions on the left, the chapter's lab
// live on the right (the same panels as the lab's own tab, over the same state); after the last chapter the
// checkpoint and the learner's summary.
//
//   DrawLessonStart     first time in the tab this visit: start at chapter 1, or continue where the learner left off
//   DrawChapterNav      ◀ Chapter k of N ▶ and the chapter list (with the checkpoint last)
//   DrawAnswerField     a numeric answer: the field, Check and Show answer
//   DrawQuestion        one question: a prediction, a choice or a numeric answer; the refusal, hint and feedback
//   DrawCheckpoint      the checkpoint's questions, score and chapters to revisit
//   DrawSummary         the learner's summary, to copy
//   DrawLessonTab       the two columns (the lab covered while the chapter's prediction is open); on a narrow
//                       screen (a phone) the chapter or its lab, switched by two buttons above them
#include <imgui.h>

#include <algorithm>
#include <string>

#include "core/i18n/current.hpp"
#include "state/learn.hpp"
#include "ui/palette.hpp"
#include "ui/panels.hpp"
#include "ui/widgets.hpp"

namespace bnlab {
namespace {

using bn::Tr;

constexpr uint32_t kDefaultCheckpointSeed = 1;

void Wrapped(const std::string& text, const ImVec4* colour = nullptr) {
  if (colour) ImGui::PushStyleColor(ImGuiCol_Text, *colour);
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (colour) ImGui::PopStyleColor();
}

void Wrapped(const std::string& text, Slot slot) {
  const ImVec4 colour = Colour(slot);
  Wrapped(text, &colour);
}

void DrawLessonStart(AppState& app) {
  LessonLab& lesson = app.lesson;
  const int n = static_cast<int>(bn::LessonChapters().size());
  ImGui::TextUnformatted(Tr("ui.lesson.start.title").c_str());
  Wrapped(Tr("ui.lesson.start.intro", {{"n", std::to_string(n)}}));
  ImGui::Spacing();
  if (TrackedButton(app, false, L(Tr("ui.lesson.start.begin"), "Start at chapter 1").c_str(), "lesson_start"))
    OpenLessonChapter(app, 0);
  const int k = lesson.session.progress.chapter;
  const int answered = bn::AnsweredTotal(lesson.session.progress);
  if (lesson.has_saved && (k > 0 || answered > 0)) {
    const std::string label =
        L(Tr("ui.lesson.start.continue", {{"chapter", std::to_string(k + 1)}, {"answered", std::to_string(answered)}}),
          "lesson_continue");
    if (TrackedButton(app, false, label.c_str(), "lesson_continue")) OpenLessonChapter(app, k);
    if (TrackedButton(app, true, L(Tr("ui.lesson.reset"), "Forget my answers and start over").c_str(), "lesson_reset"))
      ResetLessonProgress(app);
  }
}

void DrawChapterNav(AppState& app) {
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  const int n = static_cast<int>(chapters.size());
  const bool checkpoint = app.lesson.session.checkpoint.on;
  const int k = app.lesson.session.progress.chapter;
  ImGui::BeginDisabled(k == 0 && !checkpoint);
  if (TrackedButton(app, false, "◀##lesson_prev", "lesson_prev")) OpenLessonChapter(app, checkpoint ? n - 1 : k - 1);
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::max(ImGui::GetContentRegionAvail().x - ImGui::GetFrameHeight() * 1.6f, 8.0f));
  const std::string preview =
      checkpoint ? Tr("ui.lesson.nav.checkpoint")
                 : Tr("ui.lesson.nav.chapter_of",
                      {{"k", std::to_string(k + 1)}, {"n", std::to_string(n)}, {"title", chapters[k].title}});
  if (ImGui::BeginCombo("##chapter", preview.c_str())) {
    for (int c = 0; c < n; ++c) {
      const int done = bn::AnsweredCount(app.lesson.session.progress, c);
      const int total = static_cast<int>(chapters[c].questions.size());
      const std::string item = std::to_string(c + 1) + ". " + chapters[c].title;
      // the id: the chapter's number (its title and "(done)" change with the language and the progress)
      const std::string label =
          L(done == total ? Tr("ui.lesson.nav.done", {{"item", item}}) : item, "chapter" + std::to_string(c + 1));
      if (ImGui::Selectable(label.c_str(), c == k && !checkpoint)) OpenLessonChapter(app, c);
    }
    if (ImGui::Selectable(L(Tr("ui.lesson.nav.checkpoint"), "Checkpoint: questions from every chapter").c_str(),
                          checkpoint))
      OpenLessonCheckpoint(app, app.lesson.session.checkpoint.items.empty() ? kDefaultCheckpointSeed
                                                                            : app.lesson.session.checkpoint.seed);
    ImGui::EndCombo();
  }
  TrackItem(app, "lesson_chapters");
  ImGui::SameLine();
  ImGui::BeginDisabled(checkpoint);
  if (TrackedButton(app, false, "▶##lesson_next", "lesson_next")) {
    if (k + 1 < n) OpenLessonChapter(app, k + 1);
    else OpenLessonCheckpoint(app, kDefaultCheckpointSeed);
  }
  ImGui::EndDisabled();
}

// A numeric answer: the field (Enter checks), Check, and Show answer (chapters only: the checkpoint has one try).
void DrawAnswerField(AppState& app, int q, bool allow_show) {
  LessonLab& lesson = app.lesson;
  ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8.0f);
  const bool entered = ImGui::InputText("##answer", lesson.answer_text[q].data(), lesson.answer_text[q].size(),
                                        ImGuiInputTextFlags_EnterReturnsTrue);
  TrackItem(app, "lesson_answer:" + std::to_string(q));
  ImGui::SameLine();
  const bool check =
      TrackedButton(app, false, L(Tr("ui.lesson.check"), "Check").c_str(), "lesson_check:" + std::to_string(q));
  if (entered || check) LessonAnswer(app, q, std::string(lesson.answer_text[q].data()));
  if (allow_show) {
    ImGui::SameLine();
    if (TrackedButton(app, false, L(Tr("ui.lesson.show_answer"), "Show answer").c_str(),
                      "lesson_show:" + std::to_string(q)))
      LessonReveal(app, q);
  }
}

// The lines under a question: why the typed text was not read, the hint, the feedback.
void DrawQuestionNotes(const LessonLab& lesson, int q, const std::string& hint, const std::string& feedback, bool plain_feedback) {
  if (q < static_cast<int>(lesson.answer_error.size()) && !lesson.answer_error[q].empty())
    Wrapped(Tr("ui.lesson.not_read", {{"reason", lesson.answer_error[q]}}), Slot::Error);
  if (!hint.empty()) Wrapped(hint, Slot::Hint);
  if (feedback.empty()) return;
  if (plain_feedback) Wrapped(feedback);
  else Wrapped(feedback, Slot::Right);
}

void DrawQuestion(AppState& app, int q) {
  LessonLab& lesson = app.lesson;
  const bn::Chapter& c = CurrentChapter(app);
  const bn::LessonQuestion& question = c.questions[q];
  const char status = lesson.session.progress.status[lesson.session.progress.chapter][q];
  const bool waiting = c.starts_with_prediction() && q > 0 && LessonCoversLab(app);  // the prediction comes first
  ImGui::PushID(q);
  if (question.predict()) {
    ImGui::TextDisabled("%s", Tr("ui.lesson.predict.heading").c_str());
    ImGui::SameLine();
    HelpMarker(Tr("ui.lesson.predict.help").c_str());
  }
  const std::string mark = status == '0' || question.predict() ? ""
                           : status == '3'                     ? "  " + Tr("ui.lesson.mark.shown")
                                                               : "  " + Tr("ui.lesson.mark.right");
  const std::string& prompt = q < static_cast<int>(lesson.session.prompts.size()) ? lesson.session.prompts[q] : question.prompt;
  Wrapped(std::to_string(q + 1) + ". " + prompt + mark);
  if (status == '0' && waiting) {
    ImGui::TextDisabled("%s", Tr("ui.lesson.after_prediction").c_str());
  } else if (status == '0') {
    if (question.numeric()) {
      DrawAnswerField(app, q, true);
    } else {
      for (size_t o = 0; o < question.choices.size(); ++o) {
        const std::string letter(1, static_cast<char>('a' + o));
        const std::string label = letter + ") " + question.choices[o] + "##choice" + letter;
        if (TrackedButton(app, true, label.c_str(), "lesson_choice:" + std::to_string(q) + ":" + letter))
          LessonAnswer(app, q, letter);
      }
      if (!question.predict() && TrackedButton(app, true, L(Tr("ui.lesson.show_answer"), "Show answer").c_str(),
                                               "lesson_show:" + std::to_string(q)))
        LessonReveal(app, q);
    }
  }
  const std::string hint = q < static_cast<int>(lesson.session.hints.size()) ? lesson.session.hints[q] : std::string();
  const std::string feedback = q < static_cast<int>(lesson.session.feedback.size()) ? lesson.session.feedback[q] : std::string();
  DrawQuestionNotes(lesson, q, hint, feedback, status == '3' || question.predict());
  ImGui::PopID();
  ImGui::Spacing();
}

void DrawSummary(AppState& app) {
  ImGui::TextDisabled("%s", Tr("ui.lesson.summary.heading").c_str());
  HelpMarker(Tr("ui.lesson.summary.help").c_str());
  Wrapped(bn::LessonSummary(app.lesson.session));
  if (TrackedButton(app, false, L(Tr("ui.lesson.summary.copy"), "Copy summary").c_str(), "lesson_copy_summary"))
    CopyLessonSummary(app);
  if (!app.lesson.summary_notice.empty()) Wrapped(app.lesson.summary_notice, Slot::Right);
  ImGui::Spacing();
  if (TrackedButton(app, true, L(Tr("ui.lesson.reset"), "Forget my answers and start over").c_str(), "lesson_reset")) {
    ResetLessonProgress(app);
    OpenLessonChapter(app, 0);
  }
}

void DrawCheckpoint(AppState& app) {
  LessonLab& lesson = app.lesson;
  const bn::Checkpoint& cp = lesson.session.checkpoint;
  const std::vector<bn::Chapter>& chapters = bn::LessonChapters();
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Numbers));
  Wrapped(Tr("ui.lesson.checkpoint.heading"));
  ImGui::PopStyleColor();
  Wrapped(
      Tr("ui.lesson.checkpoint.intro", {{"n", std::to_string(cp.items.size())}, {"seed", std::to_string(cp.seed)}}));
  if (TrackedButton(app, false, L(Tr("ui.lesson.checkpoint.another"), "Another set of questions").c_str(),
                    "lesson_checkpoint_new"))
    OpenLessonCheckpoint(app, cp.seed % 1000000 + 1);
  ImGui::Spacing();
  for (int q = 0; q < static_cast<int>(cp.items.size()); ++q) {
    const bn::CheckpointItem& it = cp.items[q];
    ImGui::PushID(1000 + q);
    const char status = cp.status[q];
    const std::string mark = status == '1'   ? "  " + Tr("ui.lesson.mark.right")
                             : status == 'x' ? "  " + Tr("ui.lesson.mark.missed")
                                             : "";
    ImGui::TextDisabled("%s", Tr("ui.lesson.checkpoint.from", {{"n", std::to_string(it.chapter + 1)}}).c_str());
    Wrapped(std::to_string(q + 1) + ". " + it.q.prompt + mark);
    if (status == '0') {
      if (it.q.numeric()) {
        DrawAnswerField(app, q, false);
      } else {
        for (size_t o = 0; o < it.q.choices.size(); ++o) {
          const std::string letter(1, static_cast<char>('a' + o));
          const std::string label = letter + ") " + it.q.choices[o] + "##choice" + letter;
          if (TrackedButton(app, true, label.c_str(), "lesson_choice:" + std::to_string(q) + ":" + letter))
            LessonAnswer(app, q, letter);
        }
      }
    }
    DrawQuestionNotes(lesson, q, std::string(), cp.feedback[q], status == 'x');
    ImGui::PopID();
    ImGui::Spacing();
  }
  const int answered = static_cast<int>(std::count_if(cp.status.begin(), cp.status.end(), [](char ch) { return ch != '0'; }));
  ImGui::Separator();
  ImGui::TextUnformatted(Tr("ui.lesson.checkpoint.score", {{"score", std::to_string(cp.score())},
                                                           {"n", std::to_string(cp.items.size())},
                                                           {"answered", std::to_string(answered)}})
                             .c_str());
  const std::vector<int> revisit = bn::CheckpointRevisit(cp);
  if (!revisit.empty()) {
    ImGui::TextUnformatted(Tr("ui.lesson.checkpoint.revisit").c_str());
    for (int k : revisit) {
      const std::string label =
          L(Tr("ui.lesson.checkpoint.revisit_chapter", {{"k", std::to_string(k + 1)}, {"title", chapters[k].title}}),
            "revisit" + std::to_string(k + 1));
      if (TrackedButton(app, true, label.c_str(), "lesson_revisit:" + std::to_string(k + 1))) OpenLessonChapter(app, k);
    }
  }
}

void DrawChapter(AppState& app, bool phone) {
  const bn::Chapter& c = CurrentChapter(app);
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Numbers));
  Wrapped(c.title);
  ImGui::PopStyleColor();
  ImGui::Spacing();
  Wrapped(c.text);
  if (!c.formula.empty()) {  // the help marker beside the heading, so a formula that wraps cannot push it out of view
    ImGui::Spacing();
    ImGui::TextDisabled("%s", Tr("ui.lesson.heading.formula").c_str());
    // The symbols the chapters' formulas use (Ioffe & Szegedy 2015, Algorithm 1 and §3.2; teaching-facts.md).
    HelpMarker(Tr("ui.lesson.formula.help").c_str());
    const ImVec4 accent = ImGui::GetStyleColorVec4(ImGuiCol_PlotHistogram);
    Wrapped(c.formula, &accent);
  }
  ImGui::Spacing();
  ImGui::TextDisabled("%s", Tr("ui.lesson.heading.look_at").c_str());
  Wrapped(LessonCoversLab(app) ? Tr("ui.lesson.look_at.covered") : c.look_at);
  if (phone && !LessonCoversLab(app) &&
      TrackedButton(app, true, L(Tr("ui.lesson.see_lab"), "See the lab").c_str(), "lesson_see_lab"))
    app.lesson.phone_shows_lab = true;
  ImGui::Spacing();
  ImGui::TextDisabled("%s", Tr("ui.lesson.heading.questions").c_str());
  for (int q = 0; q < static_cast<int>(c.questions.size()); ++q) DrawQuestion(app, q);
  const int k = app.lesson.session.progress.chapter, n = static_cast<int>(bn::LessonChapters().size());
  if (k + 1 < n) {
    if (TrackedButton(app, false, L(Tr("ui.lesson.next_chapter"), "Next chapter ▶").c_str(), "lesson_next_bottom"))
      OpenLessonChapter(app, k + 1);
  } else {
    Wrapped(Tr("ui.lesson.last_chapter"));
    if (TrackedButton(app, false, L(Tr("ui.lesson.to_checkpoint"), "Checkpoint ▶").c_str(), "lesson_checkpoint"))
      OpenLessonCheckpoint(app, kDefaultCheckpointSeed);
    if (TrackedButton(app, false, L(Tr("ui.lesson.to_practice"), "Practise in the step lab").c_str(),
                      "lesson_to_practice")) {
      app.ui.tab_request = Lab::Step;
      PracticeOn(app, app.step_lab.practice.session.seed);
    }
  }
}

// The lab's place while the chapter's prediction is open: what to do, and nothing of the result.
void DrawCover(AppState& app) {
  const float font = ImGui::GetFontSize();
  ImGui::Dummy(ImVec2(0.0f, font * 2.0f));
  ImGui::Indent(font);
  ImGui::PushStyleColor(ImGuiCol_Text, Colour(Slot::Numbers));
  Wrapped(Tr("ui.lesson.cover.heading"));
  ImGui::PopStyleColor();
  Wrapped(Tr("ui.lesson.cover.text"));
  ImGui::Unindent(font);
  TrackItem(app, "lesson_cover");
}

void DrawLessonLab(AppState& app, bool checkpoint) {
  if (checkpoint) {
    DrawSummary(app);
  } else if (LessonCoversLab(app)) {
    DrawCover(app);
  } else {
    switch (CurrentChapter(app).lab) {
      case bn::ChapterLab::Step: DrawStepThroughTab(app); break;
      case bn::ChapterLab::Image: DrawImagePanel(app); break;
      case bn::ChapterLab::Training: DrawTrainingPanel(app); break;
    }
  }
}

void DrawLessonText(AppState& app, bool checkpoint, bool phone) {
  if (!app.lesson.started) {
    DrawLessonStart(app);
    return;
  }
  DrawChapterNav(app);
  ImGui::Separator();
  if (checkpoint) DrawCheckpoint(app);
  else DrawChapter(app, phone);
}

}  // namespace

void DrawLessonTab(AppState& app) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float font = ImGui::GetFontSize();
  const bool checkpoint = app.lesson.started && app.lesson.session.checkpoint.on;
  if (avail.x < 40.0f * font && app.lesson.started) {
    // A phone: the chapter and its lab one at a time (a lab beside 22 characters of text would fit neither), with
    // two buttons to switch; each view is the lab's own one-column layout, so nothing scrolls inside another.
    bool& lab = app.lesson.phone_shows_lab;
    ImGui::BeginDisabled(!lab);
    const std::string text_button =
        checkpoint ? L(Tr("ui.lesson.phone.questions"), "Questions") : L(Tr("ui.lesson.phone.chapter"), "Chapter");
    if (TrackedButton(app, false, text_button.c_str(), "lesson_view_text")) lab = false;
    ImGui::EndDisabled();
    ImGui::SameLine();
    ImGui::BeginDisabled(lab);
    const std::string lab_button =
        checkpoint ? L(Tr("ui.lesson.phone.summary"), "Summary") : L(Tr("ui.lesson.phone.lab"), "Lab");
    if (TrackedButton(app, false, lab_button.c_str(), "lesson_view_lab")) lab = true;
    ImGui::EndDisabled();
    if (lab) {
      ImGui::BeginChild("lesson_lab", ImVec2(0, 0), false, kPanelFlags);
      DrawLessonLab(app, checkpoint);
    } else {
      ImGui::BeginChild("lesson_text", ImVec2(0, 0), false, kPanelFlags);
      DrawLessonText(app, checkpoint, true);
    }
    ImGui::EndChild();
    return;
  }
  const float text_w = std::clamp(avail.x * 0.36f, std::min(22.0f * font, avail.x), 34.0f * font);
  ImGui::BeginChild("lesson_text", ImVec2(text_w, 0), true, kPanelFlags);
  DrawLessonText(app, checkpoint, false);
  ImGui::EndChild();
  if (!app.lesson.started) return;
  ImGui::SameLine();
  ImGui::BeginChild("lesson_lab", ImVec2(0, 0), checkpoint, kPanelFlags);
  DrawLessonLab(app, checkpoint);
  ImGui::EndChild();
}

}  // namespace bnlab
