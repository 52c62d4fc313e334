// SPDX-License-Identifier: BSD-3-Clause
/// @file finetune.hpp
/// @brief Issue 17 `finetune`: full fine-tuning or LoRA on owned or rented accelerators, and
///        fine-tuning through an API (design/finetune_embedding.md).
///
/// Trainable parameters: full = N; LoRA (Hu et al. 2021, arXiv 2106.09685, §4) adds
/// B·A of rank r beside each adapted d_model x d_model matrix, r·(d + d) parameters each:
/// n_layers · matrices · 2·r·d_model (matrices = 2, W_q and W_v, as in its §7.1).
/// FLOP per token: full 6N (2N forward, 4N backward; Kaplan et al. 2020 §2.1); LoRA keeps
/// the forward 2N and the backward's activation gradients 2N through the frozen weights but
/// computes no weight gradients for them; its adapters cost 6 per trainable parameter.
/// Memory: mixed-precision Adam holds 16 bytes per trained parameter (fp16 weight and
/// gradient, fp32 master weight, momentum and variance; Rajbhandari et al. 2020, ZeRO §3.1);
/// LoRA's frozen weights stay at bytes_per_param. Activations are not counted.
/// The cost ratio to pretraining prices both runs on the same hardware at the same MFU:
/// train FLOP / (6 N · pretraining tokens). API: tokens x epochs / 1000 x the training price.
/// LoRA without n_layers or d_model cannot count its adapters: the outputs that need them
/// are NaN and the scenario is flagged kMissingInput (kMissingOutputs).
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_FINETUNE_INPUTS(X)                                                     \
    X(params) X(tokens) X(epochs) X(finetune_method) X(lora_rank) X(lora_matrices)      \
    X(n_layers) X(d_model) X(bytes_per_param) X(train_bytes_per_param) X(peak_flop_per_s) \
    X(mfu) X(n_accel) X(price_per_accel_hour) X(pretraining_tokens)                    \
    X(api_training_price_per_1k_tokens) X(api_base_price_per_1k_tokens)                \
    X(api_finetuned_price_per_1k_tokens)

#define LLMCORE_FINETUNE_OUTPUTS(X)                                                    \
    X(trainable_params) X(trainable_fraction) X(flop_per_token) X(train_flop)          \
    X(accel_hours) X(wall_hours) X(cost) X(memory_bytes) X(pretraining_cost_ratio)      \
    X(serving_params_ratio) X(api_training_cost) X(api_serving_price_ratio)

namespace llmcore::models {

struct finetune {
    LLMCORE_MODEL_IO(finetune, LLMCORE_FINETUNE_INPUTS, LLMCORE_FINETUNE_OUTPUTS)

    // What LoRA without n_layers or d_model (kMissingInput) leaves NaN.
    static constexpr unsigned long long kMissingOutputs =
        (1ull << o_trainable_params) | (1ull << o_trainable_fraction) |
        (1ull << o_flop_per_token) | (1ull << o_train_flop) | (1ull << o_accel_hours) |
        (1ull << o_wall_hours) | (1ull << o_cost) | (1ull << o_memory_bytes) |
        (1ull << o_pretraining_cost_ratio) | (1ull << o_serving_params_ratio);

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& st) {
        const bool lora = in.finetune_method >= 1.0;
        const double n = in.params;
        const double adapters = in.n_layers * in.lora_matrices * 2.0 * in.lora_rank * in.d_model;
        if (lora && math::isnan(adapters)) st |= kMissingInput;
        o.trainable_params = lora ? adapters : n;
        o.trainable_fraction = o.trainable_params / n;
        o.flop_per_token = lora ? 4.0 * n + 6.0 * adapters : 6.0 * n;
        o.train_flop = o.flop_per_token * in.tokens * in.epochs;
        o.accel_hours = o.train_flop / (in.peak_flop_per_s * in.mfu) / 3600.0;
        o.wall_hours = o.accel_hours / in.n_accel;
        o.cost = o.accel_hours * in.price_per_accel_hour;
        o.memory_bytes = lora ? n * in.bytes_per_param + adapters * in.train_bytes_per_param
                              : n * in.train_bytes_per_param;
        o.pretraining_cost_ratio = o.train_flop / (6.0 * n * in.pretraining_tokens);
        // LoRA adapters served beside the frozen weights; merged (W0 + BA) they add nothing.
        o.serving_params_ratio = lora ? (n + adapters) / n : 1.0;
        o.api_training_cost =
            in.tokens * in.epochs / 1000.0 * in.api_training_price_per_1k_tokens;
        o.api_serving_price_ratio =
            in.api_finetuned_price_per_1k_tokens / in.api_base_price_per_1k_tokens;
    }
};

}  // namespace llmcore::models
