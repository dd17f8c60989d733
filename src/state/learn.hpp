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
// True when the step lab must hide step k's values: not reached yet, or the step practice is asking.
bool StepValuesShown(const StepLab& lab, int k);
// Once per frame: the practice question follows the step; the first-visit hint goes once the learner moves.
void AdvanceLearn(AppState& app);

// ---- The lesson ------------------------------------------------------------------------------
// Opens chapter `chapter` (0-based, clamped): sets up its lab (the step lab from its link on top of the
// default batch, the image lab from its link, or the training lab's experiment), marks the lesson started,
// and saves the progress ("continue where I left off").
void OpenLessonChapter(AppState& app, int chapter);
bn::LessonReply LessonAnswer(AppState& app, int question, const std::string& text);  // saves the progress
// Reads the progress saved by an earlier visit (the "lesson" setting); text that is not a progress record
// is ignored. The chapter's lab is not set up until the learner continues.
void LoadLessonProgress(AppState& app, const std::string& text);
const bn::Chapter& CurrentChapter(const AppState& app);
// The lab the lesson tab shows beside the chapter is the image lab (so Next/Prev step it).
bool LessonShowsImage(const AppState& app);

// ---- Links -----------------------------------------------------------------------------------
bool IsLessonHash(const std::string& hash);  // "lab=lesson..."
// "lab=lesson&chapter=N" (N from 1): opens the chapter and the lesson tab. False with *error otherwise.
bool ApplyLessonHash(AppState& app, const std::string& hash, std::string* error);
std::string FormatLessonHash(const AppState& app);  // "lab=lesson&chapter=N"
// Takes "practice=S" out of a step-lab hash (so the core's reader sees only its own keys). *seed = 0 when
// absent; false with *error for a value that is not a whole number 0..1000000.
bool TakePracticeKey(std::string* hash, uint32_t* seed, bool* present, std::string* error);

// ---- JSON ------------------------------------------------------------------------------------
// {"on", "quantity", "index", "attempts", "solved", "hint", "prompt", "label", "feedback", "done", "seed",
//  "score": {"first_try", "with_hints", "shown", "streak", "best_streak"}}
bn::Json PracticeJson(const AppState& app);
// {"chapter" (1-based), "chapters", "title", "answered", "questions", "answered_total", "lab", "started",
//  "status", "hints", "feedback"}
bn::Json LessonJson(const AppState& app);

}  // namespace bnlab
