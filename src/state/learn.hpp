// learn.hpp: practice mode in the step lab and the guided lesson, over AppState (no drawing).
//
//   Practice   PracticeOn / PracticeOff / PracticeAnswer / PracticeReveal; PracticeFollow keeps the question on
//              the step shown; PracticeBatchChanged restarts the round when the batch changes
//   Lesson     OpenLessonChapter sets up a chapter's lab; LessonAnswer; progress through the Host's settings
//   Links      #lab=lesson&chapter=N, and practice=S (S ≥ 1: practice on, questions drawn from seed S)
//   JSON       state().practice and state().lesson
#pragma once

#include <cstdint>
#include <string>

#include "core/io/json.hpp"
#include "core/lab/link_pairs.hpp"
#include "core/learn/lesson.hpp"
#include "core/learn/practice.hpp"
#include "state/app_state.hpp"

namespace bnlab {

// ---- Practice (the step lab) -----------------------------------------------------------------
void PracticeOn(AppState& app, uint32_t seed);  // a new round from the first step; score and streak cleared
void PracticeOff(AppState& app);
bn::PracticeReply PracticeAnswer(AppState& app, const std::string& text);  // also fills the panel's refusal line
bn::PracticeReply PracticeReveal(AppState& app);
void PracticeFollow(AppState& app);        // the step moved (Next, Prev, the list): ask that step's question
void PracticeBatchChanged(AppState& app);  // the batch changed: the round restarts ("reset with the batch")
// True when the step lab may show step k's values: reached, not the step practice is asking, and not hidden by
// an open lesson question (StepLab::hidden_from).
bool StepValuesShown(const StepLab& lab, int k);
// The same for the image lab's step k (hidden by an open lesson question about the image lab).
bool ImageValuesShown(const ImageLab& lab, int k);
// The step's formula with its numbers for element (i, j), or, while its values are hidden, with "?" for the result
// (and no numbers at all past a hidden step, whose formula would print the hidden value).
std::string StepNumbers(const StepLab& lab, int k, int digits = 4);
std::string ImageNumbers(const ImageLab& lab, int k);
// Once per frame: the practice question follows the step; the first-visit hint goes once the learner moves.
void AdvanceLearn(AppState& app);

// ---- The lesson ------------------------------------------------------------------------------
// Opens chapter `chapter` (0-based, clamped): sets up its lab (the step lab from its link on top of the
// default batch, the image lab from its link, or the training lab's experiment), marks the lesson started,
// and saves the progress ("continue where I left off").
void OpenLessonChapter(AppState& app, int chapter);
bn::LessonReply LessonAnswer(AppState& app, int question, const std::string& text);  // saves the progress
bn::LessonReply LessonReveal(AppState& app, int question);  // Show answer (a numeric or choice question)
// The checkpoint after the last chapter: questions from every chapter drawn by `seed` (≥ 1).
void OpenLessonCheckpoint(AppState& app, uint32_t seed);
bn::LessonReply CheckpointAnswer(AppState& app, int item, const std::string& text);
// Recomputes StepLab::hidden_from and ImageLab::hidden_from from the lesson's open questions (called whenever the
// lesson or a lab's batch changes).
void UpdateLessonHiding(AppState& app);
// True while the chapter's prediction is open: the lesson tab covers the lab until the learner has predicted.
bool LessonCoversLab(const AppState& app);
// Start over: every answer and prediction forgotten (and the saved progress with them), the checkpoint closed;
// an open chapter opens again from its start.
void ResetLessonProgress(AppState& app);
// The learner's summary (bn::LessonSummary) to the clipboard; lesson.summary_notice says whether it went there.
std::string CopyLessonSummary(AppState& app);
// Reads the progress saved by an earlier visit (the "lesson" setting); text that is not a progress record
// is ignored. The chapter's lab is not set up until the learner continues.
void LoadLessonProgress(AppState& app, const std::string& text);
const bn::Chapter& CurrentChapter(const AppState& app);
// The lab the lesson tab shows beside the chapter is the image lab (so Next/Prev step it).
bool LessonShowsImage(const AppState& app);

// ---- Links -----------------------------------------------------------------------------------
// The lesson's link reader (state/labs.cpp hands it links with lab=lesson, split once): "lab=lesson&chapter=N"
// (N from 1) opens the chapter, "lab=lesson&checkpoint=S" the checkpoint drawn from seed S, each in the lesson tab.
// False with *error otherwise.
bool ApplyLessonLink(AppState& app, const bn::LinkPairs& pairs, std::string* error);
std::string FormatLessonHash(const AppState& app);  // "lab=lesson&chapter=N"
// Takes "practice=S" out of a step-lab link's pairs (so the core's reader sees only its own keys). *seed = 0 when
// absent; false with *error for a value that is not a whole number 0..1000000.
bool TakePracticeKey(bn::LinkPairs* pairs, uint32_t* seed, bool* present, std::string* error);

// ---- JSON ------------------------------------------------------------------------------------
// {"on", "quantity", "index", "attempts", "solved", "hint", "prompt", "label", "feedback", "done", "seed",
//  "score": {"first_try", "with_hints", "shown", "streak", "best_streak"}}
bn::Json PracticeJson(const AppState& app);
// {"chapter" (1-based), "chapters", "title", "text", "formula", "look_at", "answered", "questions",
//  "answered_total", "lab", "started", "status", "covered", "hidden_step", "items": [{"kind", "prompt", "source",
//  "index", "choices", "revealed", "predicted"}], "hints", "feedback", "answer_errors",
//  "checkpoint": {"on", "seed", "items": [{"chapter", "kind", "prompt", "choices", "status"}], "feedback", "score",
//  "revisit"}, "summary"}
bn::Json LessonJson(const AppState& app);

}  // namespace bnlab
