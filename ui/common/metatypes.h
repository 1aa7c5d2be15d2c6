#pragma once

#include "store/workspace.h"
#include "training/trainer.h"

#include <QMetaType>

// Engine value structs travel through queued signals from worker threads.
Q_DECLARE_METATYPE(photocat::core::BatchProgress)
Q_DECLARE_METATYPE(photocat::core::EpochMetrics)
Q_DECLARE_METATYPE(photocat::core::RunStatus)
Q_DECLARE_METATYPE(photocat::core::Split)
