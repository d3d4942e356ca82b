"""Universal machine-learned potentials as ASE calculators, from weights inside their wheels.

Backends: SevenNet (``sevenn``; SevenNet-0 and its multi-fidelity variant SevenNet-MF-0)
and CHGNet (``chgnet``). A model is *installed* when its package imports and its weight
file exists inside the package; hydrion passes that file's path to the backend, so nothing
is ever downloaded at run time. A user may also give a local model file
(``sevenn:/path/to/checkpoint.pth`` or ``chgnet:/path/to/model.pth.tar``).

A model file is a pickle, and both backends unpickle it with ``torch.load(weights_only=False)``,
which runs any code the file carries. A local file is therefore first read with torch's
restricted unpickler (``weights_only=True``, which runs no code); a file that needs more is
refused unless the caller opts in with ``trust_model_file=True`` (CLI ``--trust-model-file``),
meaning: "I trust whoever made this file as I trust code I run". SevenNet checkpoints store
their configuration as pickled objects, so a local ``sevenn:`` file usually needs that opt-in;
CHGNet's checkpoints are plain weights and pass.

Sources: Y. Park et al., J. Chem. Theory Comput. 20 (2024) 4857, doi:10.1021/acs.jctc.4c00190
(SevenNet); B. Deng et al., Nat. Mach. Intell. 5 (2023) 1031, doi:10.1038/s42256-023-00716-3
(CHGNet).
"""

from __future__ import annotations

import importlib.util
import pickle
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from hydrion.errors import InputError, MissingDataError
from hydrion.results import Result

if TYPE_CHECKING:
    from ase.calculators.calculator import Calculator


@dataclass(frozen=True)
class _ModelSpec:
    backend: Literal["sevenn", "chgnet"]
    weights: str  # path inside the package
    modal: str | None = None  # SevenNet fidelity head, or CHGNet's packaged model name
    note: str = ""


MODELS: dict[str, _ModelSpec] = {
    "sevennet-0": _ModelSpec(
        "sevenn", "pretrained_potentials/SevenNet_0__11Jul2024/checkpoint_sevennet_0.pth"
    ),
    "sevennet-mf-0": _ModelSpec(
        "sevenn",
        "pretrained_potentials/SevenNet_MF_0/checkpoint_sevennet_mf_0.pth",
        modal="PBE",
        note="multi-fidelity, PBE head",
    ),
    "sevennet-mf-0-r2scan": _ModelSpec(
        "sevenn",
        "pretrained_potentials/SevenNet_MF_0/checkpoint_sevennet_mf_0.pth",
        modal="R2SCAN",
        note="multi-fidelity, r2SCAN head",
    ),
    "chgnet-0.3.0": _ModelSpec(
        "chgnet", "pretrained/0.3.0/chgnet_0.3.0_e29f68s314m37.pth.tar", modal="0.3.0"
    ),
    "chgnet-0.2.0": _ModelSpec(
        "chgnet", "pretrained/0.2.0/chgnet_0.2.0_e30f77s348m32.pth.tar", modal="0.2.0"
    ),
    "chgnet-r2scan": _ModelSpec(
        "chgnet",
        "pretrained/r2scan/chgnet_r2scan_transfer_learning_e15f36s161m23.pth.tar",
        modal="r2scan",
        note="transfer-learned to MP r2SCAN",
    ),
}
ALIASES = {"chgnet": "chgnet-0.3.0", "7net-0": "sevennet-0", "sevennet": "sevennet-0"}


@dataclass(frozen=True)
class ModelInfo(Result):
    """What every result records about the potential that produced it (``model``: its name)."""

    model: str
    backend: str
    backend_version: str
    weights: str
    modal: str | None
    device: str


def _package_dir(backend: str) -> Path | None:
    spec = importlib.util.find_spec(backend)
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def _version(backend: str) -> str:
    from importlib.metadata import version

    return version(backend)


def installed_models() -> list[str]:
    """Names of the models whose package and in-wheel weights are present.

    Returns
    -------
    list of str
        Keys of :data:`MODELS`, in its order; empty where torch is not installed.
    """
    names = []
    for name, spec in MODELS.items():
        if importlib.util.find_spec("torch") is None:
            break
        root = _package_dir(spec.backend)
        if root is not None and (root / spec.weights).is_file():
            names.append(name)
    return names


def resolve_device(device: str) -> str:
    """The torch device a run uses: ``auto`` → ``cuda`` where torch sees a GPU, else ``cpu``.

    Parameters
    ----------
    device : {'auto', 'cpu', 'cuda'}
        The device asked for.

    Returns
    -------
    str
        'cpu' or 'cuda'.

    Raises
    ------
    hydrion.errors.InputError
        For another device name, or ``cuda`` where torch sees no CUDA GPU.
    """
    if device not in ("auto", "cpu", "cuda"):
        raise InputError(f"device must be auto, cpu or cuda, not {device!r}")
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise InputError("device cuda asked for, but torch sees no CUDA GPU; use --device cpu")
    return device


def model_name(model: str) -> str:
    """The name a model is recorded under (aliases resolved; local files as backend:file).

    Parameters
    ----------
    model : str
        A model name or alias (case-insensitive), or a local model ``sevenn:PATH`` /
        ``chgnet:PATH``.

    Returns
    -------
    str
        The canonical lower-case name, or ``backend:<file name>`` for a local file.
    """
    if ":" in model:
        backend, _, path = model.partition(":")
        return f"{backend}:{Path(path).name}"
    return ALIASES.get(model.lower(), model.lower())


def check_plain_weights(file: Path) -> None:
    """Refuse a model file that torch's restricted unpickler cannot read (it runs no code).

    Parameters
    ----------
    file : pathlib.Path
        The model checkpoint.

    Returns
    -------
    None

    Raises
    ------
    hydrion.errors.InputError
        The file needs the full unpickler (so loading it would run code it contains), or it
        is not a torch checkpoint at all.

    Notes
    -----
    The check is ``torch.load(weights_only=True)``, torch's restricted unpickler.
    """
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            torch.load(file, map_location="cpu", weights_only=True)
        except pickle.UnpicklingError as exc:
            if "global" not in str(exc).lower():  # junk bytes: an unknown pickle operand
                raise InputError(
                    f"model file {file} is not a torch checkpoint (torch's restricted "
                    "unpickler cannot read it)"
                ) from None
            raise InputError(  # it names a callable to import: the full unpickler calls it
                f"model file {file} is not a plain weights checkpoint: loading it could run "
                "code it contains; pass --trust-model-file only if you trust its maker"
            ) from None
        except (EOFError, RuntimeError, ValueError, KeyError, TypeError, OSError) as exc:
            raise InputError(
                f"model file {file} is not a torch checkpoint ({type(exc).__name__})"
            ) from None


def local_model(model: str, trust_model_file: bool = False) -> tuple[str, _ModelSpec, Path]:
    """(recorded name, spec, file) of a local ``sevenn:PATH``/``chgnet:PATH`` model, checked.

    Parameters
    ----------
    model : str
        ``sevenn:PATH`` or ``chgnet:PATH``.
    trust_model_file : bool
        Skip :func:`check_plain_weights` (loading the file may then run code it contains).

    Returns
    -------
    tuple of (str, _ModelSpec, pathlib.Path)
        The name it is recorded under (:func:`model_name`), its backend spec and the file.

    Raises
    ------
    hydrion.errors.InputError
        For another backend, a missing file, or (unless ``trust_model_file``) a file that is not
        a plain weights checkpoint.
    """
    name, spec, file = _local_model(model)
    if not trust_model_file:
        check_plain_weights(file)
    return name, spec, file


def _local_model(model: str) -> tuple[str, _ModelSpec, Path]:
    backend, _, path = model.partition(":")
    if backend not in ("sevenn", "chgnet"):
        raise InputError(f"a local model is given as sevenn:PATH or chgnet:PATH, not {model!r}")
    file = Path(path).expanduser()
    if not file.is_file():
        raise InputError(f"model file {file} does not exist")
    kind: Literal["sevenn", "chgnet"] = "sevenn" if backend == "sevenn" else "chgnet"
    return model_name(model), _ModelSpec(kind, str(file)), file


def load_calculator(
    model: str = "sevennet-0",
    device: str = "auto",
    trust_model_file: bool = False,
    threads: int | None = None,
):
    """An ASE calculator for a machine-learned potential, and the model information to record.

    The weights ship inside the backends' wheels; nothing is downloaded.

    Parameters
    ----------
    model : str
        A name of :data:`MODELS` ('sevennet-0', 'sevennet-mf-0', 'chgnet-0.3.0', ...) or a
        local checkpoint as ``sevenn:/path/to/checkpoint.pth`` or
        ``chgnet:/path/to/model.pth.tar``.
    device : {"auto", "cpu", "cuda"}
        Where to run; 'auto' takes CUDA where torch sees a GPU, else the CPU.
    trust_model_file : bool
        Load a local file that torch's restricted unpickler refuses, as the backend does
        (this runs any code the file contains). Default False: such a file is refused.
    threads : int, optional
        CPU threads torch may use (``torch.set_num_threads``, for the whole process); None
        keeps torch's default (one per core). On a busy or small machine 1 is often much
        faster: the idle threads of torch's pool spin and compete with other jobs (measured
        on 2 shared cores, 12 atoms: 10× less CPU per step with 1 thread than with 2).

    Returns
    -------
    tuple of (ase.calculators.calculator.Calculator, ModelInfo)
        The calculator and its name, backend, version, weight file, head and device.

    Raises
    ------
    MissingDataError
        A model that is not installed (one line listing the installed ones).
    InputError
        A bad device (or 'cuda' without a GPU), a missing or unreadable local file, a
        local file that would run code when loaded (without ``trust_model_file``), or
        ``threads`` below 1.
    """
    if threads is not None and threads < 1:
        raise InputError(f"threads must be at least 1, not {threads}")
    if ":" in model:
        name, spec, weights = local_model(model, trust_model_file)
    else:
        name = model_name(model)
        available = installed_models()
        if name not in available:
            listed = ", ".join(available) or "none (pip install torch==2.13.0 sevenn chgnet)"
            raise MissingDataError(f"model {model!r} is not installed; installed: {listed}")
        spec = MODELS[name]
        package = _package_dir(spec.backend)
        if package is None:
            raise MissingDataError(f"model {model!r}: package {spec.backend} is not installed")
        weights = package / spec.weights
    dev = resolve_device(device)
    if threads is not None:
        import torch

        torch.set_num_threads(threads)
    if ":" not in model:  # a packaged model that fails to load is a broken install
        calc = _build(spec, weights, dev)
    else:
        with warnings.catch_warnings(record=True) as caught:  # the backends' warnings on
            warnings.simplefilter("always")  # a bad file are kept off stderr until it loads
            try:
                calc = _build(spec, weights, dev)
            except _LOAD_ERRORS as exc:
                raise InputError(
                    f"{weights}: not a {spec.backend} model file ({type(exc).__name__})"
                ) from None
        for w in caught:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    info = ModelInfo(name, spec.backend, _version(spec.backend), weights.name, spec.modal, dev)
    return calc, info


# What the backends raise on a file that is not one of their checkpoints (CHGNet indexes an
# int where it expects its state dict: TypeError).
_LOAD_ERRORS = (
    pickle.UnpicklingError,
    EOFError,
    RuntimeError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
)


def _build(spec: _ModelSpec, weights: Path, dev: str):
    """The backend's ASE calculator from ``weights`` on ``dev``."""
    calc: Calculator
    if spec.backend == "sevenn":
        from sevenn.calculator import SevenNetCalculator

        with warnings.catch_warnings():  # the optional CUDA tensor-product kernels are absent
            warnings.filterwarnings("ignore", message="No tensor product accelerator")
            calc = SevenNetCalculator(model=str(weights), device=dev, modal=spec.modal)
    else:
        from chgnet.model import CHGNet
        from chgnet.model.dynamics import CHGNetCalculator

        if spec.modal:  # packaged: CHGNet.load sets the version's options (0.2.0 MLP bias)
            net = CHGNet.load(model_name=spec.modal, use_device=dev, verbose=False)
        else:
            net = CHGNet.from_file(str(weights))
        calc = CHGNetCalculator(model=net, use_device=dev, on_isolated_atoms="ignore")
    return calc
