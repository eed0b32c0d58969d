"""Synthetic national-scale facts (`kg synth`): a made-up nation, its officials over time, and
articles about them, written as fact files in the format of facts/."""
