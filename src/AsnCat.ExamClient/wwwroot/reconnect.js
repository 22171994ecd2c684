// The terminal's circuit reconnection: never give up, reload when the server restarted.
const modal = document.getElementById("components-reconnect-modal");
const retryEveryMs = 3000;

modal.addEventListener("components-reconnect-state-changed", event => {
    switch (event.detail.state) {
        case "show":
            modal.showModal();
            break;
        case "hide":
            modal.close();
            break;
        case "failed":
            setTimeout(retry, retryEveryMs);
            break;
        case "rejected":
            // The server no longer knows this circuit (restart): a new page re-attaches with the kept token.
            location.reload();
            break;
    }
});

async function retry() {
    try {
        if (await Blazor.reconnect()) {
            return;
        }
        if (!(await Blazor.resumeCircuit())) {
            location.reload();
        } else {
            modal.close();
        }
    } catch {
        setTimeout(retry, retryEveryMs);
    }
}
