// SPDX-License-Identifier: BSD-3-Clause
/// @file parallelism.hpp
/// @brief Issue 16 `parallelism`: per-accelerator memory, step time and MFU of one training
///        layout (tensor, pipeline, data, expert and context parallelism; ZeRO; recompute).
///
/// Published formulas:
/// * Activations per layer and micro-batch, bytes at 16 bits (Korthikanti et al. 2022,
///   "Reducing Activation Recomputation in Large Transformer Models", arXiv 2205.05198,
///   Table 2): no recompute sbh(10 + 24/t + 5as/(ht)); with sequence parallelism
///   sbh/t (34 + 5as/h); selective recompute (attention core recomputed) drops the 5as/h
///   term, as does a fused (flash) attention kernel that never stores the s x s scores;
///   full recompute keeps the layer input, 2sbh (/t with sequence parallelism). The first
///   pipeline stage holds min(p, m) micro-batches of its L/p layers (1F1B, §4.2.3), times
///   1 + (p - 1)/(p v) under the interleaved schedule with v chunks per device.
/// * FLOPs (Narayanan et al. 2021, "Efficient Large-Scale Language Model Training on GPU
///   Clusters Using Megatron-LM", arXiv 2104.04473, eq. 3): per token 6·N + 12·L·h·s + 6·h·V
///   for forward and backward (N: non-embedding parameters, 72·L·h² for GPT), full
///   recompute adds a forward 2·N + 4·L·h·s (hence 96·B·s·L·h²(1 + s/6h + V/16Lh)),
///   selective 12·L·h·s (Korthikanti et al. Appendix A eq. 8: 72BLsh²(1 + s/3h + V/12hL)).
///   Pipeline bubble (p - 1)/(v·m) of the ideal time
///   with v interleaved stages per device and m micro-batches per pipeline.
/// * ZeRO (Rajbhandari et al. 2020, arXiv 1910.02054): stage 1 shards optimizer states,
///   2 also gradients, 3 also weights over the data-parallel ranks; stage 3 adds a weight
///   all-gather (1.5x the data-parallel volume).
/// * Ring collectives: an all-reduce moves 2(n - 1)/n of the buffer per rank (reduce-scatter
///   plus all-gather), each step paying the link latency; Megatron's tensor parallelism does
///   2 all-reduces of the layer's activations forward and 2 backward per layer and
///   micro-batch (+2 with full recompute); pipeline stages send a micro-batch's activations
///   forward and its gradient back, split over the tensor-parallel ranks (Narayanan §4.1);
///   experts exchange each routed token's activations by all-to-all twice forward and twice
///   backward; ring attention passes K and V around the context-parallel ring.
/// Kernel efficiency, when not given, grows with the hidden size as matrix multiplies do:
/// gemm_peak_efficiency x h / (h + gemm_half_width), fitted to Narayanan et al.'s Tables 1-2,
/// MT-NLG and BLOOM (design/parallelism.md).
/// Links: a group that fits in one node (accel_per_node) uses the intra-node bandwidth,
/// otherwise the inter-node one. Data-parallel and context-parallel traffic overlap with
/// compute by `overlap`; tensor, pipeline and expert traffic are exposed.
#pragma once
#include "llmcore/math.hpp"
#include "llmcore/model_io.hpp"

#define LLMCORE_PARALLELISM_INPUTS(X)                                                  \
    X(params) X(active_params) X(n_layers) X(d_model) X(n_heads) X(vocab_size)         \
    X(seq_len) X(kv_fraction) X(n_experts) X(experts_per_token) X(micro_batch)         \
    X(global_batch) X(tokens) X(tp) X(pp) X(dp) X(ep) X(cp) X(sequence_parallel)       \
    X(interleave) X(zero_stage) X(recompute) X(flash_attention) X(weight_bytes)        \
    X(grad_bytes) X(optimizer_bytes) X(act_bytes) X(peak_flop_per_s)                   \
    X(accel_memory_bytes) X(accel_per_node) X(intra_bw_bytes_per_s)                    \
    X(inter_bw_bytes_per_s) X(intra_latency_s) X(inter_latency_s)                      \
    X(kernel_efficiency) X(gemm_peak_efficiency) X(gemm_half_width) X(overlap)

#define LLMCORE_PARALLELISM_OUTPUTS(X)                                                 \
    X(n_accel) X(layout_valid) X(params_per_accel) X(weight_mem_bytes) X(grad_mem_bytes) \
    X(optimizer_mem_bytes) X(activation_mem_bytes) X(temp_mem_bytes)                   \
    X(memory_per_accel_bytes) X(fits) X(microbatches) X(bubble_fraction)               \
    X(model_flop_per_step) X(hw_flop_per_step) X(compute_s) X(bubble_s)                \
    X(tp_comm_bytes) X(tp_comm_s) X(pp_comm_bytes) X(pp_comm_s) X(dp_comm_bytes)       \
    X(dp_comm_s) X(ep_comm_bytes) X(ep_comm_s) X(cp_comm_bytes) X(cp_comm_s)           \
    X(exposed_comm_s) X(step_s) X(tokens_per_s) X(mfu) X(hfu)                          \
    X(flop_per_s_per_accel) X(steps) X(wall_s) X(wall_days) X(accel_hours)

namespace llmcore::models {

struct parallelism {
    LLMCORE_MODEL_IO(parallelism, LLMCORE_PARALLELISM_INPUTS, LLMCORE_PARALLELISM_OUTPUTS)

    // recompute codes (Python: _models/parallelism.RECOMPUTE)
    static constexpr double kSelective = 1.0, kFull = 2.0;

    // What inconsistent parameter counts (kInconsistentInputs) leave NaN: the outputs that
    // need the non-embedding or per-stage parameter count.
    static constexpr unsigned long long kInconsistentOutputs =
        (1ull << o_params_per_accel) | (1ull << o_weight_mem_bytes) | (1ull << o_grad_mem_bytes) |
        (1ull << o_optimizer_mem_bytes) | (1ull << o_memory_per_accel_bytes) | (1ull << o_fits) |
        (1ull << o_model_flop_per_step) | (1ull << o_hw_flop_per_step) | (1ull << o_compute_s) |
        (1ull << o_bubble_s) | (1ull << o_dp_comm_bytes) | (1ull << o_dp_comm_s) |
        (1ull << o_ep_comm_bytes) | (1ull << o_ep_comm_s) | (1ull << o_exposed_comm_s) |
        (1ull << o_step_s) | (1ull << o_tokens_per_s) | (1ull << o_mfu) | (1ull << o_hfu) |
        (1ull << o_flop_per_s_per_accel) | (1ull << o_wall_s) | (1ull << o_wall_days) |
        (1ull << o_accel_hours);

    LLMCORE_HD LLMCORE_INLINE static bool divides(double d, double n) {
        return math::fmod(n, d) == 0.0;
    }

    // One ring collective over n ranks moving 2(n-1)/n of `bytes` (all-reduce) per rank.
    LLMCORE_HD LLMCORE_INLINE static double ring_s(double bytes, double n, double bw, double lat) {
        return n > 1.0 ? bytes / bw + 2.0 * (n - 1.0) * lat : 0.0;
    }

    LLMCORE_HD LLMCORE_INLINE static void evaluate(const In& in, Out& o, Status& st) {
        const double L = in.n_layers, h = in.d_model, a = in.n_heads, V = in.vocab_size;
        const double b = in.micro_batch, t = in.tp, p = in.pp, d = in.dp;
        const double s_loc = in.seq_len / in.cp;  // tokens of a sequence on one CP rank
        const bool sp = in.sequence_parallel != 0.0;
        const bool full = in.recompute >= kFull;
        const bool selective = !full && in.recompute >= kSelective;

        // Parameters: given, or the GPT count L(12h² + 13h) + Vh (Narayanan eq. 2).
        const double emb = V * h;
        const double total = math::isnan(in.params) ? L * (12.0 * h * h + 13.0 * h) + emb
                                                     : in.params;
        const double active = math::isnan(in.active_params) ? total : in.active_params;
        // embeddings <= active <= total, else the non-embedding count is negative (a params
        // below vocab_size x d_model) or a token uses more weights than the model has
        const bool inconsistent = !(emb <= active && active <= total);
        const double k = in.experts_per_token, E = in.n_experts;
        const bool moe = E > 1.0 && k < E && active < total;
        // routed-expert weights per layer: active = dense + (k/E)·routed
        const double layer_total = (total - emb) / L;
        const double routed = moe ? (layer_total - (active - emb) / L) / (1.0 - k / E) : 0.0;
        const double layer_dense = layer_total - routed;
        const double stage = L / p * (layer_dense + routed / in.ep) + emb;  // first stage
        o.params_per_accel = stage / t;
        o.n_accel = t * p * d * in.cp;
        o.layout_valid = (divides(p * in.interleave, L) && divides(t, a) &&
                          divides(b * d, in.global_batch) && divides(in.cp, in.seq_len) &&
                          divides(in.ep, d) && (!moe || divides(in.ep, E)))
                             ? 1.0
                             : 0.0;

        // Memory per accelerator (ZeRO shards over the data-parallel ranks).
        const double z = in.zero_stage;
        o.weight_mem_bytes = o.params_per_accel * in.weight_bytes / (z >= 3.0 ? d : 1.0);
        o.grad_mem_bytes = o.params_per_accel * in.grad_bytes / (z >= 2.0 ? d : 1.0);
        o.optimizer_mem_bytes = o.params_per_accel * in.optimizer_bytes / (z >= 1.0 ? d : 1.0);
        const double sbh = s_loc * b * h;
        double per_layer;
        if (full) {
            per_layer = 2.0 * sbh / (sp ? t : 1.0);
        } else {
            const bool no_scores = selective || in.flash_attention != 0.0;
            const double attn = no_scores ? 0.0 : 5.0 * a * s_loc / h;
            per_layer = sp ? sbh / t * (34.0 + attn) : sbh * (10.0 + 24.0 / t + attn / t);
        }
        per_layer *= in.act_bytes / 2.0;  // Table 2 counts 16-bit activations
        o.microbatches = in.global_batch / (b * d);
        const double interleaved =
            in.interleave > 1.0 ? 1.0 + (p - 1.0) / (p * in.interleave) : 1.0;
        o.activation_mem_bytes = per_layer * (L / p) * math::fmin(p, o.microbatches) * interleaved;
        // fp32 logits of the output layer and its cross-entropy on the last stage
        o.temp_mem_bytes = 4.0 * s_loc * b * V / t;
        o.memory_per_accel_bytes = o.weight_mem_bytes + o.grad_mem_bytes +
                                   o.optimizer_mem_bytes + o.activation_mem_bytes +
                                   o.temp_mem_bytes;
        const bool have_mem = !math::isnan(in.accel_memory_bytes);
        const bool fits = o.memory_per_accel_bytes <= in.accel_memory_bytes;
        o.fits = have_mem ? (fits ? 1.0 : 0.0) : math::nan();
        if (have_mem && !fits && !inconsistent) st |= kDoesNotFit;

        // Compute (eq. 3 of Narayanan et al.).
        const double n_nonemb = active - emb;
        const double model_tok = 6.0 * n_nonemb + 12.0 * L * h * in.seq_len + 6.0 * h * V;
        const double extra_tok = full ? 2.0 * n_nonemb + 4.0 * L * h * in.seq_len
                                      : (selective ? 12.0 * L * h * in.seq_len : 0.0);
        const double tokens_step = in.global_batch * in.seq_len;
        o.model_flop_per_step = model_tok * tokens_step;
        o.hw_flop_per_step = (model_tok + extra_tok) * tokens_step;
        const double eff = math::isnan(in.kernel_efficiency)
                               ? in.gemm_peak_efficiency * h / (h + in.gemm_half_width)
                               : in.kernel_efficiency;
        o.compute_s = o.hw_flop_per_step / (o.n_accel * in.peak_flop_per_s * eff);
        o.bubble_fraction = (p - 1.0) / (in.interleave * o.microbatches);
        o.bubble_s = o.compute_s * o.bubble_fraction;

        // Communication per accelerator and step.
        const double node = in.accel_per_node;
        const double msg = sbh * in.act_bytes;  // one micro-batch's activations at a layer
        const double layers = L / p, m = o.microbatches;
        const bool tp_in = t <= node;
        const double n_tp = (full ? 6.0 : 4.0) * layers * m;
        o.tp_comm_bytes = t > 1.0 ? n_tp * 2.0 * (t - 1.0) / t * msg : 0.0;
        o.tp_comm_s = t > 1.0 ? o.tp_comm_bytes / (tp_in ? in.intra_bw_bytes_per_s
                                                          : in.inter_bw_bytes_per_s) +
                                    n_tp * 2.0 * (t - 1.0) *
                                        (tp_in ? in.intra_latency_s : in.inter_latency_s)
                              : 0.0;
        const bool pp_in = t * p <= node;
        o.pp_comm_bytes = p > 1.0 ? 2.0 * m * in.interleave * msg / t : 0.0;
        o.pp_comm_s = p > 1.0 ? o.pp_comm_bytes / (pp_in ? in.intra_bw_bytes_per_s
                                                          : in.inter_bw_bytes_per_s) +
                                    2.0 * m * in.interleave *
                                        (pp_in ? in.intra_latency_s : in.inter_latency_s)
                              : 0.0;
        const bool dp_in = o.n_accel <= node;
        const double dp_bw = dp_in ? in.intra_bw_bytes_per_s : in.inter_bw_bytes_per_s;
        const double dp_lat = dp_in ? in.intra_latency_s : in.inter_latency_s;
        o.dp_comm_bytes = d > 1.0 ? 2.0 * (d - 1.0) / d * o.params_per_accel * in.grad_bytes *
                                        (z >= 3.0 ? 1.5 : 1.0)
                                  : 0.0;
        o.dp_comm_s = ring_s(o.dp_comm_bytes, d, dp_bw, dp_lat);
        const bool ep_in = in.ep * t <= node;
        const double routed_msg = s_loc * b * k * h * in.act_bytes / t;
        o.ep_comm_bytes =
            (moe && in.ep > 1.0) ? 4.0 * layers * m * routed_msg * (in.ep - 1.0) / in.ep : 0.0;
        o.ep_comm_s = o.ep_comm_bytes > 0.0
                          ? o.ep_comm_bytes / (ep_in ? in.intra_bw_bytes_per_s
                                                     : in.inter_bw_bytes_per_s) +
                                4.0 * layers * m * (in.ep - 1.0) *
                                    (ep_in ? in.intra_latency_s : in.inter_latency_s)
                          : 0.0;
        const bool cp_in = in.cp * t <= node;
        const double kv_msg = 2.0 * s_loc * b * h * in.kv_fraction * in.act_bytes / t;
        o.cp_comm_bytes = in.cp > 1.0 ? 3.0 * layers * m * (in.cp - 1.0) * kv_msg : 0.0;
        o.cp_comm_s = in.cp > 1.0 ? o.cp_comm_bytes / (cp_in ? in.intra_bw_bytes_per_s
                                                              : in.inter_bw_bytes_per_s) +
                                        3.0 * layers * m * (in.cp - 1.0) *
                                            (cp_in ? in.intra_latency_s : in.inter_latency_s)
                                  : 0.0;
        o.exposed_comm_s = o.tp_comm_s + o.pp_comm_s + o.ep_comm_s +
                           (1.0 - in.overlap) * (o.dp_comm_s + o.cp_comm_s);
        o.step_s = o.compute_s + o.bubble_s + o.exposed_comm_s;
        o.tokens_per_s = tokens_step / o.step_s;
        const double peak_all = o.n_accel * in.peak_flop_per_s;
        o.mfu = o.model_flop_per_step / (o.step_s * peak_all);
        o.hfu = o.hw_flop_per_step / (o.step_s * peak_all);
        o.flop_per_s_per_accel = o.hw_flop_per_step / (o.step_s * o.n_accel);
        o.steps = in.tokens / tokens_step;
        o.wall_s = o.steps * o.step_s;
        o.wall_days = o.wall_s / 86400.0;
        o.accel_hours = o.wall_s * o.n_accel / 3600.0;
        if (inconsistent) {
            st |= kInconsistentInputs;
            set_nan(o, kInconsistentOutputs);
        }
    }
};

}  // namespace llmcore::models
